package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The downsampled blur against the exact one, on a hard synthetic image and on real photos. */
class DownsampledBlurTest {

  @Test
  void staysCloseToTheExactBlurOnAStructuredImage() {
    int h = 224;
    int w = 224;
    float[] data = new float[3 * h * w];
    Random rnd = new Random(3);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          // hard edges, stripes and noise: the worst case for a downsampled blur
          float v = (x / 28 + y / 28) % 2 == 0 ? 1f : -1f;
          data[c * h * w + y * w + x] =
              v + 0.5f * (float) Math.sin(x * 0.7 + c) + 0.3f * (float) rnd.nextGaussian();
        }
      }
    }
    ModelInput in = new ModelInput(3, h, w, data);
    DownsampledBlur approx = new DownsampledBlur(10);
    assertEquals(4, approx.factor());
    assertClose(approx.apply(in).data(), new GaussianBlur(10).apply(in).data());
  }

  /** Within 2% of the exact blur's range everywhere, and Pearson above 0.999. */
  private static void assertClose(float[] a, float[] e) {
    float range = 0;
    for (float v : e) {
      range = Math.max(range, Math.abs(v));
    }
    double maxErr = 0;
    for (int i = 0; i < a.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(a[i] - e[i]));
    }
    assertTrue(maxErr < 0.02 * range, "max error " + maxErr + " of range " + range);
    assertTrue(Correlation.pearson(a, e) > 0.999);
  }

  @Test
  void factorThatDoesNotDivideTheImageFallsBackToOneThatDoes() {
    // a partial edge block would move the mirrored border: 224 is not a multiple of 3
    DownsampledBlur approx = new DownsampledBlur(8);
    assertEquals(3, approx.factor());
    assertEquals(2, approx.factorFor(224, 224));
    assertEquals(3, approx.factorFor(222, 111));
    assertEquals(1, approx.factorFor(224, 111));
    ModelInput in = photo(224, 224);
    assertClose(approx.apply(in).data(), new GaussianBlur(8).apply(in).data());
    ModelInput odd = photo(222, 111);
    assertClose(approx.apply(odd).data(), new GaussianBlur(8).apply(odd).data());
  }

  @Test
  void staysCloseToTheExactBlurOnRealPhotos() throws IOException {
    Path photos =
        Path.of(System.getProperty("decomcam.root", "."), "..", "shared", "media", "photos")
            .normalize();
    Assumptions.assumeTrue(Files.isDirectory(photos), "../shared/media/photos is absent: skipping");
    DownsampledBlur approx = new DownsampledBlur(10);
    for (String name : new String[] {"dog", "eagle", "giraffe", "kite"}) {
      BufferedImage img = ImageIO.read(photos.resolve(name + ".jpg").toFile());
      // a native-resolution centre crop keeps the photo's finest detail, the hardest case
      ModelInput in =
          MobileNetV2ReferenceTest.normalised(
              img.getSubimage((img.getWidth() - 224) / 2, (img.getHeight() - 224) / 2, 224, 224));
      assertClose(approx.apply(in).data(), new GaussianBlur(10).apply(in).data());
    }
  }

  /** A smooth image with a few hard edges, of any size. */
  private static ModelInput photo(int h, int w) {
    float[] d = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          d[c * h * w + y * w + x] =
              (x > w / 3 && y < h / 2 ? 0.8f : -0.4f)
                  + 0.3f * (float) Math.cos(0.05 * x * (c + 1) + 0.07 * y);
        }
      }
    }
    return new ModelInput(3, h, w, d);
  }

  @Test
  void smallSigmaIsTheExactBlur() {
    float[] data = new float[3 * 10 * 12];
    for (int i = 0; i < data.length; i++) {
      data[i] = (i * 37 % 11) / 11f;
    }
    ModelInput in = new ModelInput(3, 10, 12, data);
    assertEquals(1, new DownsampledBlur(3).factor());
    float[] a = new DownsampledBlur(3).apply(in).data();
    float[] e = new GaussianBlur(3).apply(in).data();
    for (int i = 0; i < a.length; i++) {
      assertEquals(e[i], a[i], 0f);
    }
  }
}
