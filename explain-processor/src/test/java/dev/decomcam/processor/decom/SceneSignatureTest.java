package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.track.ComponentTracker;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The count-sketch scene signature: its algebra, and that it separates scenes like the dense
 * cosine.
 */
class SceneSignatureTest {

  private static final String[] PHOTOS = {"dog", "eagle", "giraffe", "kite"};

  /** Cosine of the full activation tensors with each channel map centred over positions. */
  static double denseCentredCosine(FeatureMaps a, FeatureMaps b) {
    return ComponentTracker.cosine(centred(a), centred(b));
  }

  private static float[] centred(FeatureMaps f) {
    int hw = f.positions();
    float[] out = f.activations().clone();
    for (int c = 0; c < f.channels(); c++) {
      double mean = 0;
      for (int p = 0; p < hw; p++) {
        mean += out[c * hw + p];
      }
      for (int p = 0; p < hw; p++) {
        out[c * hw + p] -= (float) (mean / hw);
      }
    }
    return out;
  }

  private static FeatureMaps maps(int channels, int h, int w, float[] a) {
    return new FeatureMaps(channels, h, w, a, new float[a.length]);
  }

  @Test
  void bucketMapsAreCentredAndTheSketchIsLinear() {
    Random rnd = new Random(5);
    int c = 300;
    int hw = 12;
    float[] a = new float[c * hw];
    float[] b = new float[c * hw];
    float[] sum = new float[c * hw];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextFloat();
      b[i] = rnd.nextFloat();
      sum[i] = a[i] + 2 * b[i];
    }
    float[] sa = SceneSignature.of(maps(c, 3, 4, a));
    float[] sb = SceneSignature.of(maps(c, 3, 4, b));
    float[] ss = SceneSignature.of(maps(c, 3, 4, sum));
    assertEquals(SceneSignature.DIMENSIONS * hw, sa.length);
    for (int j = 0; j < SceneSignature.DIMENSIONS; j++) {
      double mean = 0;
      for (int p = 0; p < hw; p++) {
        mean += sa[j * hw + p];
      }
      assertEquals(0, mean / hw, 1e-4, "bucket " + j + " mean");
    }
    for (int i = 0; i < ss.length; i++) {
      assertEquals(sa[i] + 2 * sb[i], ss[i], 1e-3, "entry " + i);
    }
    // a constant offset per channel (the shared mean activation) does not move the signature
    float[] shifted = a.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 0.1f * (i / hw);
    }
    assertArrayEquals(sa, SceneSignature.of(maps(c, 3, 4, shifted)), 2e-3f);
    // fixed hash: the same input gives the same signature
    assertArrayEquals(sa, SceneSignature.of(maps(c, 3, 4, a.clone())), 0f);
  }

  @Test
  void separatesSyntheticScenesAndFollowsTheDenseCosine() {
    // sparse non-negative activations like a ReLU layer: a scene, a slightly perturbed copy, and
    // an unrelated scene
    Random rnd = new Random(11);
    int c = 1280;
    int hw = 49;
    float[] scene = new float[c * hw];
    float[] other = new float[c * hw];
    for (int i = 0; i < scene.length; i++) {
      scene[i] = rnd.nextFloat() < 0.3f ? 3 * rnd.nextFloat() : 0f;
      other[i] = rnd.nextFloat() < 0.3f ? 3 * rnd.nextFloat() : 0f;
    }
    float[] near = scene.clone();
    for (int i = 0; i < near.length; i++) {
      near[i] = Math.max(0, near[i] + 0.4f * (float) rnd.nextGaussian());
    }
    FeatureMaps s = maps(c, 7, 7, scene);
    FeatureMaps n = maps(c, 7, 7, near);
    FeatureMaps o = maps(c, 7, 7, other);
    double same = ComponentTracker.cosine(SceneSignature.of(s), SceneSignature.of(n));
    double different = ComponentTracker.cosine(SceneSignature.of(s), SceneSignature.of(o));
    assertTrue(same > 0.8, "near-same scenes: sketch cosine " + same);
    assertTrue(Math.abs(different) < 0.3, "unrelated scenes: sketch cosine " + different);
    assertEquals(denseCentredCosine(s, n), same, 0.1);
    assertEquals(denseCentredCosine(s, o), different, 0.3);
  }

  /**
   * Real MobileNetV2 activations of the shared photos: a 360×360 window and the same window shifted
   * 2 px (one frame of StreamingRealBench's pan) must stay one scene; different photos must read as
   * a cut; and the sketch must track the dense centred cosine (measured: shifted 0.90-0.93 vs dense
   * 0.91-0.94, different photos at most 0.05 vs dense 0.12).
   */
  @Test
  void separatesRealScenesOfTheSharedPhotos() throws Exception {
    Path root = Path.of(System.getProperty("decomcam.root", ".")).toAbsolutePath().normalize();
    Path shared = root.resolve("../shared").normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(shared.resolve("models/mobilenetv2-imagenet/backbone.pt")),
        "../shared with the MobileNetV2 model is absent: skipping");
    List<FeatureMaps> base = new ArrayList<>();
    List<FeatureMaps> moved = new ArrayList<>();
    try (ExplainableModel model =
        ModelLoader.load(
            root.resolve("models/mobilenetv2-imagenet.spec.json"), EngineOptions.defaults())) {
      for (String name : PHOTOS) {
        BufferedImage img = ImageIO.read(shared.resolve("media/photos/" + name + ".jpg").toFile());
        int side = Math.min(360, Math.min(img.getWidth(), img.getHeight()) - 40);
        int x = (img.getWidth() - side) / 2 - 10;
        int y = (img.getHeight() - side) / 2 - 10;
        base.add(features(model, img.getSubimage(x, y, side, side)));
        moved.add(features(model, img.getSubimage(x + 2, y, side, side)));
      }
    }
    StringBuilder log = new StringBuilder("scene signature cosines (sketch / dense centred):");
    double worstGap = 0;
    for (int i = 0; i < PHOTOS.length; i++) {
      for (int j = 0; j < PHOTOS.length; j++) {
        FeatureMaps a = base.get(i);
        if (i > j) {
          continue;
        }
        FeatureMaps b = i == j ? moved.get(j) : base.get(j);
        double sketch = ComponentTracker.cosine(SceneSignature.of(a), SceneSignature.of(b));
        double dense = denseCentredCosine(a, b);
        worstGap = Math.max(worstGap, Math.abs(sketch - dense));
        log.append(
            String.format(
                " %s~%s %.3f/%.3f",
                PHOTOS[i], i == j ? PHOTOS[j] + "'" : PHOTOS[j], sketch, dense));
        log.append(';');
        if (i == j) {
          assertTrue(sketch > 0.8, PHOTOS[i] + " shifted 2 px: sketch cosine " + sketch);
        } else {
          assertTrue(sketch < 0.5, PHOTOS[i] + " vs " + PHOTOS[j] + ": sketch cosine " + sketch);
        }
      }
    }
    System.out.println(log + String.format(" worst |sketch - dense| %.3f", worstGap));
    assertTrue(worstGap < 0.2, "sketch strays from the dense centred cosine by " + worstGap);
  }

  private static FeatureMaps features(ExplainableModel model, BufferedImage img) {
    return model.forward(model.prepare(img).input(), -1).features();
  }
}
