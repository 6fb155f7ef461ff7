package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The outline and peak where settling blocks and rows from their bounds is closest to wrong:
 * resized values equal to the threshold (maps of a few levels, the threshold one of them), flat
 * maps, plateaus of equal highest values, maps upsampled and downsampled, crops a pixel wide or
 * high. Each as resizing the whole map to the crop and cutting it gives it.
 */
class ComponentOutlineTiesTest {

  @Test
  void outlineAndPeakAtTiesAreThoseOfTheWholeResizedMap() {
    Random rnd = new Random(17);
    for (int k = 0; k < 400; k++) {
      int sw = 1 + rnd.nextInt(k % 3 == 0 ? 40 : 12);
      int sh = 1 + rnd.nextInt(k % 3 == 0 ? 40 : 12);
      int levels = 2 + rnd.nextInt(3);
      float[] map = new float[sw * sh];
      for (int i = 0; i < map.length; i++) {
        map[i] = k % 10 == 9 ? 0.5f : rnd.nextInt(levels) / (float) (levels - 1);
      }
      int w = 1 + rnd.nextInt(k % 4 == 0 ? 8 : 320);
      int h = 1 + rnd.nextInt(k % 4 == 1 ? 8 : 240);
      float t = k % 2 == 0 ? map[rnd.nextInt(map.length)] : 1f / (levels - 1);
      t = Math.max(1e-3f, Math.min(0.999f, t));
      ComponentOutline outline = new ComponentOutline(map, sw, sh, w, h, t);
      float[] full = Resample.bilinear(map, sw, sh, w, h);
      String what = "case " + k + ": " + sw + "x" + sh + " to " + w + "x" + h + " at " + t;
      assertArrayEquals(painted(full, w, h, t), outline.stroke(), what);
      int peak = 0;
      for (int i = 1; i < full.length; i++) {
        if (full[i] > full[peak]) {
          peak = i;
        }
      }
      assertEquals(peak, outline.peak(), "peak of " + what);
    }
  }

  /**
   * The pixels at or above {@code t} that touch one below it or the crop's edge, each with those
   * right of and below it, as a bit set over the crop's pixels.
   */
  private static long[] painted(float[] m, int w, int h, float t) {
    long[] bits = new long[(w * h + 63) / 64];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        if (m[i] >= t && (edge || m[i - 1] < t || m[i + 1] < t || m[i - w] < t || m[i + w] < t)) {
          set(bits, i);
          if (x + 1 < w) {
            set(bits, i + 1);
          }
          if (y + 1 < h) {
            set(bits, i + w);
          }
        }
      }
    }
    return bits;
  }

  private static void set(long[] bits, int i) {
    bits[i >>> 6] |= 1L << i;
  }
}
