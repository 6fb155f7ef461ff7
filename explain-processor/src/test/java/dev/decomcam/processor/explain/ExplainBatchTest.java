package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.engine.PreparedImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameExplainer#explainBatch} against frame-by-frame explanation on a model whose top two
 * classes swap every frame: a sticky target must carry a camera's class from its earlier frame in
 * the same batch, and a frame that cannot be prepared fails alone.
 */
class ExplainBatchTest {

  @Test
  void aCamerasLaterFrameInTheBatchKeepsItsStickyClassAndABadFrameFailsAlone() {
    SwappingModel model = new SwappingModel();
    List<FrameExplainer.BatchFrame> frames = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      frames.add(new FrameExplainer.BatchFrame(frame(t), "a", t));
      frames.add(new FrameExplainer.BatchFrame(frame(t + 1), "b", t));
    }
    frames.add(
        2,
        new FrameExplainer.BatchFrame(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "c", 0));

    FrameExplainer<StreamingState> one =
        new FrameExplainer<>(model, new StreamingDecomCam(StreamingConfig.defaults()), -1, 2);
    Map<String, StreamingState> own = new HashMap<>();
    List<Integer> expected = new ArrayList<>();
    for (FrameExplainer.BatchFrame f : frames) {
      if (f.camera().equals("c")) {
        expected.add(-1);
        continue;
      }
      ExplainedFrame<StreamingState> e =
          one.explain(
              f.image(), f.timestampMs(), own.getOrDefault(f.camera(), StreamingState.cold()));
      own.put(f.camera(), e.next());
      expected.add(e.forward().target());
    }
    // frame by frame, camera a keeps class 0 and b keeps class 1 although the top-1 swaps every
    // frame
    assertEquals(List.of(0, 1, -1, 0, 1, 0, 1, 0, 1), expected);

    FrameExplainer<StreamingState> many =
        new FrameExplainer<>(model, new StreamingDecomCam(StreamingConfig.defaults()), -1, 2);
    List<FrameExplainer.Outcome<StreamingState>> got = many.explainBatch(frames, new HashMap<>());
    List<Integer> targets = new ArrayList<>();
    for (FrameExplainer.Outcome<StreamingState> o : got) {
      targets.add(o.frame() == null ? -1 : o.frame().forward().target());
    }
    assertEquals(expected, targets);
    assertNotNull(got.get(2).error(), "the 5x5 frame cannot be prepared");
    assertNull(got.get(3).error());
  }

  /** A gray frame whose level encodes t (8x8, the only size {@link SwappingModel} takes). */
  private static BufferedImage frame(int t) {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        int v = 10 * t + x + y;
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return img;
  }

  /**
   * Three classes; class 0 leads on even frames and class 1 on odd ones (frame parity read from the
   * input's level), class 2 is far behind, so with a sticky target of 2 a camera keeps the class it
   * started with. Features are the input planes pooled to 2x2 plus a ramp channel.
   */
  private static final class SwappingModel implements ExplainableModel {
    private final ModelSpec spec =
        new ModelSpec("swapping-test", List.of("zero", "one", "two"), 8, 8);

    @Override
    public ModelSpec spec() {
      return spec;
    }

    @Override
    public PreparedImage prepare(BufferedImage image) {
      if (image.getWidth() != 8 || image.getHeight() != 8) {
        throw new IllegalArgumentException(
            "swapping model takes 8x8 frames, got " + image.getWidth() + "x" + image.getHeight());
      }
      float[] data = new float[3 * 64];
      for (int p = 0; p < 64; p++) {
        float v = (image.getRGB(p % 8, p / 8) & 255) / 255f;
        data[p] = v;
        data[64 + p] = v;
        data[128 + p] = v;
      }
      return new PreparedImage(new ModelInput(3, 8, 8, data), 0, 0, 8, 8);
    }

    @Override
    public ForwardResult forward(ModelInput input, ToIntFunction<float[]> chooseTarget) {
      int t = Math.round(input.data()[0] * 255 / 10);
      float[] logits = {t % 2 == 0 ? 6f : 5f, 5.5f, 0f};
      int target = chooseTarget.applyAsInt(logits);
      int c = 4;
      float[] a = new float[c * 4];
      float[] g = new float[c * 4];
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < 4; p++) {
          a[ch * 4 + p] = input.data()[(p / 2) * 32 + (p % 2) * 4] * (ch + 1) + (ch == 3 ? p : 0);
          g[ch * 4 + p] = 0.1f * (ch + 1) * (target + 1);
        }
      }
      return new ForwardResult(
          logits, target, new FeatureMaps(c, 2, 2, a, g), Map.of("forward", 0.0));
    }

    @Override
    public MaskedScorer scorer(int target) {
      return batch -> {
        float[] s = new float[batch.size()];
        for (int i = 0; i < s.length; i++) {
          float sum = 0;
          for (float v : batch.get(i).data()) {
            sum += v;
          }
          s[i] = sum / batch.get(i).data().length + target;
        }
        return s;
      };
    }

    @Override
    public void close() {}
  }
}
