package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.engine.PreparedImage;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * A tiny hand-made model for topology tests: the image is stretched to 16×16, the "features" are
 * its R, G and B planes average-pooled to 4×4, and the head is GAP + linear with two classes, "red"
 * (R − B) and "blue" (B − R). The gradient is analytic, as for the real GAP+linear models.
 */
final class ColourModel implements ExplainableModel {
  static final int SIZE = 16;
  static final int F = 4;
  private static final float[][] W = {{1, 0, -1}, {-1, 0, 1}};
  private final ModelSpec spec = new ModelSpec("colour-test", List.of("red", "blue"), SIZE, SIZE);
  boolean closed;

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public PreparedImage prepare(BufferedImage image) {
    BufferedImage small = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.drawImage(image, 0, 0, SIZE, SIZE, null);
    g.dispose();
    float[] data = new float[3 * SIZE * SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = small.getRGB(x, y);
        data[y * SIZE + x] = ((rgb >> 16) & 255) / 255f;
        data[SIZE * SIZE + y * SIZE + x] = ((rgb >> 8) & 255) / 255f;
        data[2 * SIZE * SIZE + y * SIZE + x] = (rgb & 255) / 255f;
      }
    }
    return new PreparedImage(
        new ModelInput(3, SIZE, SIZE, data), 0, 0, image.getWidth(), image.getHeight());
  }

  private static float[] features(ModelInput in) {
    float[] a = new float[3 * F * F];
    int cell = SIZE / F;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          a[c * F * F + (y / cell) * F + x / cell] +=
              in.data()[c * SIZE * SIZE + y * SIZE + x] / (cell * cell);
        }
      }
    }
    return a;
  }

  private static float[] logits(float[] a) {
    float[] out = new float[2];
    for (int t = 0; t < 2; t++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < F * F; p++) {
          out[t] += W[t][c] * a[c * F * F + p] / (F * F);
        }
      }
    }
    return out;
  }

  @Override
  public ForwardResult forward(
      ModelInput input, java.util.function.ToIntFunction<float[]> chooseTarget) {
    float[] a = features(input);
    float[] l = logits(a);
    int t = chooseTarget.applyAsInt(l);
    float[] g = new float[a.length];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < F * F; p++) {
        g[c * F * F + p] = W[t][c] / (F * F);
      }
    }
    return new ForwardResult(
        l, t, new FeatureMaps(3, F, F, a, g), Map.of("forward", 0.0, "gradient", 0.0));
  }

  @Override
  public MaskedScorer scorer(int target) {
    return inputs -> {
      float[] s = new float[inputs.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = logits(features(inputs.get(i)))[target];
      }
      return s;
    };
  }

  @Override
  public void close() {
    closed = true;
  }
}
