package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

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
          data[c * h * w + y * w + x] = v + 0.5f * (float) Math.sin(x * 0.7 + c) + 0.3f * (float) rnd.nextGaussian();
        }
      }
    }
    ModelInput in = new ModelInput(3, h, w, data);
    DownsampledBlur approx = new DownsampledBlur(10);
    assertEquals(2, approx.factor());
    float[] a = approx.apply(in).data();
    float[] e = new GaussianBlur(10).apply(in).data();
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
