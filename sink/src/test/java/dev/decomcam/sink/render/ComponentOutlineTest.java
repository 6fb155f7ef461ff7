package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComponentOutlineTest {

  /**
   * The outline and peak are those of the whole map resized to the crop ({@link Resample#bilinear})
   * and cut at the threshold: a pixel at or above it touching one below it or the crop's edge,
   * painted with the pixels right of and below it; the peak the first pixel of the highest value.
   */
  @Test
  void outlineAndPeakAreThoseOfTheWholeResizedMap() {
    Random rnd = new Random(11);
    for (int k = 0; k < 60; k++) {
      int side = 3 + rnd.nextInt(14);
      float[] map = new float[side * side];
      boolean smooth = k % 2 == 0;
      for (int i = 0; i < map.length; i++) {
        map[i] = smooth ? blob(i % side, i / side, side) : rnd.nextInt(256) / 255f;
      }
      int w = 1 + rnd.nextInt(300);
      int h = 1 + rnd.nextInt(240);
      float t = 0.2f + 0.6f * rnd.nextFloat();
      ComponentOutline outline = new ComponentOutline(map, side, side, w, h, t);
      float[] full = Resample.bilinear(map, side, side, w, h);
      assertArrayEquals(thick(reference(full, w, h, t), w, h), outline.stroke(), "case " + k);
      int peak = 0;
      for (int i = 1; i < full.length; i++) {
        if (full[i] > full[peak]) {
          peak = i;
        }
      }
      assertEquals(peak, outline.peak(), "peak of case " + k);
    }
  }

  /**
   * A stroke paints each outline pixel and those right of and below it in the crop with the
   * outline's luma, and moves each chroma sample it touches by the share of the sample's pixels it
   * covers: what averaging the 2x2 block of an RGB drawing gives.
   */
  @Test
  void strokePaintsTwoPixelsThickAndChromaByCoveredShare() {
    Random rnd = new Random(2);
    for (int[] c :
        new int[][] {{64, 48, 3, 5, 40, 31}, {63, 47, 0, 0, 63, 47}, {63, 47, 2, 1, 61, 46}}) {
      int width = c[0];
      int height = c[1];
      Rectangle crop = new Rectangle(c[2], c[3], c[4], c[5]);
      int[] outline = new int[300];
      for (int i = 0; i < outline.length; i++) {
        outline[i] = rnd.nextInt(crop.width * crop.height);
      }
      outline = Arrays.stream(outline).distinct().toArray();
      boolean[] painted = new boolean[width * height];
      for (int p : outline) {
        int x = p % crop.width;
        int y = p / crop.width;
        painted[(crop.y + y) * width + crop.x + x] = true;
        if (x + 1 < crop.width) {
          painted[(crop.y + y) * width + crop.x + x + 1] = true;
        }
        if (y + 1 < crop.height) {
          painted[(crop.y + y + 1) * width + crop.x + x] = true;
        }
      }
      Yuv420 img = HeatmapBlendTest.random(rnd, width, height);
      Yuv420 before = HeatmapBlendTest.copy(img);
      Stroke.of(thick(outline, crop.width, crop.height), crop, width, height)
          .paint(img, 200, 30, 240);
      for (int i = 0; i < painted.length; i++) {
        assertEquals(painted[i] ? 200 : before.y()[i] & 255, img.y()[i] & 255, "luma " + i);
      }
      int cw = img.chromaWidth();
      for (int sy = 0; sy < img.chromaHeight(); sy++) {
        for (int sx = 0; sx < cw; sx++) {
          int real = 0;
          int covered = 0;
          for (int y = 2 * sy; y < Math.min(height, 2 * sy + 2); y++) {
            for (int x = 2 * sx; x < Math.min(width, 2 * sx + 2); x++) {
              real++;
              covered += painted[y * width + x] ? 1 : 0;
            }
          }
          int u = before.u()[sy * cw + sx] & 255;
          int v = before.v()[sy * cw + sx] & 255;
          // rounded half up, as averaging and rounding the block would
          assertEquals(
              Math.round(u + (30.0 - u) * covered / real), img.u()[sy * cw + sx] & 255, "Cb");
          assertEquals(
              Math.round(v + (240.0 - v) * covered / real), img.v()[sy * cw + sx] & 255, "Cr");
        }
      }
    }
  }

  /** Outline pixels painted 2 px thick, as the bit set {@link ComponentOutline#stroke} makes. */
  private static long[] thick(int[] outline, int w, int h) {
    long[] bits = new long[(w * h + 63) / 64];
    for (int p : outline) {
      int x = p % w;
      int y = p / w;
      for (int q : new int[] {p, x + 1 < w ? p + 1 : p, y + 1 < h ? p + w : p}) {
        bits[q / 64] |= 1L << (q % 64);
      }
    }
    return bits;
  }

  private static float blob(int x, int y, int side) {
    double c = side / 2.0;
    double s = side / 4.0;
    return (float) Math.exp(-((x - c) * (x - c) + (y - c * 0.8) * (y - c * 0.8)) / (2 * s * s));
  }

  private static int[] reference(float[] m, int w, int h, float t) {
    return java.util.stream.IntStream.range(0, w * h)
        .filter(
            i -> {
              int x = i % w;
              int y = i / w;
              return m[i] >= t
                  && (x == 0
                      || y == 0
                      || x == w - 1
                      || y == h - 1
                      || m[i - 1] < t
                      || m[i + 1] < t
                      || m[i - w] < t
                      || m[i + w] < t);
            })
        .toArray();
  }
}
