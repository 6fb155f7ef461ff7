package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapBlendTest {

  /**
   * The levels are those of resizing the whole map ({@link Resample#bilinear}) except next to a
   * tie: the fixed-point fractions put a resized value within 0.1 of a level of the float one, so a
   * level differs only where the value times 255 is within 0.1 of a half, and then by one. Noise
   * maps, the steepest there are, and a smooth blob, as saliency is.
   */
  @Test
  void levelsAreThoseOfResizingTheWholeMapUpToATenthOfALevel() {
    Random rnd = new Random(3);
    int[][] sizes = {
      {224, 224, 420, 420}, {7, 7, 640, 480}, {5, 3, 1, 1}, {16, 16, 301, 227}, {224, 224, 183, 251}
    };
    for (int[] s : sizes) {
      for (boolean noise : new boolean[] {true, false}) {
        byte[] map =
            noise
                ? new byte[s[0] * s[1]]
                : Explanations.blob(s[0], s[1], 3, 2, 2).getData().array();
        if (noise) {
          rnd.nextBytes(map);
        }
        float[] resized = Resample.bilinear(toFloats(map), s[0], s[1], s[2], s[3]);
        byte[] levels = HeatmapBlend.levels(map, s[0], s[1], s[2], s[3]);
        int differ = 0;
        for (int i = 0; i < resized.length; i++) {
          double v = resized[i] * 255.0;
          int d = Math.abs(Colormap.level(resized[i]) - (levels[i] & 255));
          assertTrue(d <= (Math.abs(v - Math.floor(v) - 0.5) < 0.1 ? 1 : 0), "level " + i);
          differ += d;
        }
        assertTrue(
            differ <= resized.length / 50 + 1, differ + " levels differ of " + levels.length);
      }
    }
  }

  /**
   * Luma is the blend formula per pixel, in doubles; each chroma sample the formula at its block's
   * mean level, moved by the share of its pixels (inside the image) the region covers; nothing
   * outside the region changes. Regions start and end on odd and even pixels of odd and even
   * images.
   */
  @Test
  void blendsEachPlaneAsTheFormulaInDoubles() {
    Random rnd = new Random(5);
    double alpha = 0.45;
    HeatmapBlend blend = new HeatmapBlend(alpha);
    int[][] cases = {
      {64, 48, 0, 0, 64, 48},
      {64, 48, 3, 5, 40, 31},
      {63, 47, 1, 2, 62, 45},
      {63, 47, 10, 9, 53, 38}
    };
    for (int[] c : cases) {
      int width = c[0];
      int height = c[1];
      Rectangle region = new Rectangle(c[2], c[3], c[4], c[5]);
      Yuv420 img = random(rnd, width, height);
      Yuv420 before = copy(img);
      byte[] map = new byte[8 * 8];
      rnd.nextBytes(map);
      Yuv420 once = copy(img);
      HeatmapBlend.Layer layer = blend.prepare(map, 8, 8, region, width, height);
      blend.blend(img, layer);
      // blending as the layer is made draws the same
      blend.blend(map, 8, 8, region, once);
      assertArrayEquals(img.y(), once.y());
      assertArrayEquals(img.u(), once.u());
      assertArrayEquals(img.v(), once.v());
      byte[] levels = HeatmapBlend.levels(map, 8, 8, region.width, region.height);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int frame = before.y()[y * width + x] & 255;
          int expected = frame;
          if (region.contains(x, y)) {
            int level = levels[(y - region.y) * region.width + x - region.x] & 255;
            expected = (int) Math.round(formula(frame, level, 0, alpha));
          }
          assertEquals(expected, img.y()[y * width + x] & 255, "luma at " + x + "," + y);
        }
      }
      int cw = img.chromaWidth();
      for (int sy = 0; sy < img.chromaHeight(); sy++) {
        for (int sx = 0; sx < cw; sx++) {
          int sum = 0;
          int in = 0;
          int real = 0;
          for (int y = 2 * sy; y < Math.min(height, 2 * sy + 2); y++) {
            for (int x = 2 * sx; x < Math.min(width, 2 * sx + 2); x++) {
              real++;
              if (region.contains(x, y)) {
                in++;
                sum += levels[(y - region.y) * region.width + x - region.x] & 255;
              }
            }
          }
          for (int plane = 1; plane <= 2; plane++) {
            byte[] p = plane == 1 ? img.u() : img.v();
            byte[] q = plane == 1 ? before.u() : before.v();
            int frame = q[sy * cw + sx] & 255;
            double expected = frame;
            if (in > 0) {
              int level = (int) Math.floor((double) sum / in + 0.5);
              expected += (double) in / real * (formula(frame, level, plane, alpha) - frame);
            }
            // the table rounds the full blend before a partly covered sample takes its share
            double tolerance = in == 0 || in == real ? 0.5 : 1;
            assertEquals(
                expected,
                p[sy * cw + sx] & 255,
                tolerance,
                "plane " + plane + " at " + sx + "," + sy + " of " + region);
          }
        }
      }
    }
  }

  /**
   * Blending per block at the mean level is what averaging the chroma of pixels blended one by one
   * (as a JPEG encoder subsamples an RGB blend) gives, nearly always exactly: a smooth map's levels
   * differ little within a 2x2 block, where Turbo's chroma is close to linear.
   */
  @Test
  void chromaPerBlockIsTheAverageOfPixelsBlendedOneByOne() {
    double alpha = 0.45;
    HeatmapBlend blend = new HeatmapBlend(alpha);
    int width = 640;
    int height = 480;
    Yuv420 img = random(new Random(9), width, height);
    Yuv420 before = copy(img);
    byte[] map = Explanations.blob(224, 224, 100, 120, 20).getData().array();
    Rectangle region = new Rectangle(111, 31, 419, 419);
    blend.blend(map, 224, 224, region, img);
    byte[] levels = HeatmapBlend.levels(map, 224, 224, region.width, region.height);
    int cw = img.chromaWidth();
    int worst = 0;
    int[] hist = new int[8];
    for (int sy = 0; sy < img.chromaHeight(); sy++) {
      for (int sx = 0; sx < cw; sx++) {
        for (int plane = 1; plane <= 2; plane++) {
          int frame = (plane == 1 ? before.u() : before.v())[sy * cw + sx] & 255;
          double sum = 0;
          for (int y = 2 * sy; y < 2 * sy + 2; y++) {
            for (int x = 2 * sx; x < 2 * sx + 2; x++) {
              sum +=
                  region.contains(x, y)
                      ? formula(
                          frame,
                          levels[(y - region.y) * region.width + x - region.x] & 255,
                          plane,
                          alpha)
                      : frame;
            }
          }
          int actual = (plane == 1 ? img.u() : img.v())[sy * cw + sx] & 255;
          int d = (int) Math.abs(Math.round(sum / 4) - actual);
          worst = Math.max(worst, d);
          hist[d]++;
        }
      }
    }
    // the mean level and the mean of the four Turbo chroma values part only where a block's levels
    // spread over a bend of Turbo's chroma, on the steep flanks of the map: by a level, rounding
    // aside; at most a level apart after rounding for all but a few samples, 2 for those
    assertTrue(worst <= 2, "chroma differs from the average of blended pixels by " + worst);
    int samples = 2 * img.u().length;
    assertTrue(hist[1] + hist[2] < samples / 20, "samples a level apart: " + hist[1]);
    assertTrue(hist[2] < samples / 1000, "samples 2 levels apart: " + hist[2]);
  }

  @Test
  void alphaZeroLeavesTheImageAlone() {
    Yuv420 img = random(new Random(1), 33, 21);
    Yuv420 before = copy(img);
    byte[] map = {(byte) 255, 0, (byte) 128, 51};
    HeatmapBlend none = new HeatmapBlend(0);
    Rectangle all = new Rectangle(0, 0, 33, 21);
    none.blend(img, none.prepare(map, 2, 2, all, 33, 21));
    none.blend(map, 2, 2, all, img);
    assertArrayEquals(before.y(), img.y());
    assertArrayEquals(before.u(), img.u());
    assertArrayEquals(before.v(), img.v());
  }

  /** {@code (1 - alpha) * frame + alpha * turbo} in plane 0 (Y), 1 (Cb) or 2 (Cr), in doubles. */
  private static double formula(int frame, int level, int plane, double alpha) {
    int c = Colormap.turbo(level / 255.0);
    int r = (c >> 16) & 255;
    int g = (c >> 8) & 255;
    int b = c & 255;
    double t =
        switch (plane) {
          case 0 -> 0.299 * r + 0.587 * g + 0.114 * b;
          case 1 -> 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
          default -> 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        };
    return (1 - alpha) * frame + alpha * t;
  }

  private static float[] toFloats(byte[] bytes) {
    float[] out = new float[bytes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (bytes[i] & 255) / 255f;
    }
    return out;
  }

  static Yuv420 random(Random rnd, int width, int height) {
    Yuv420 img = Yuv420.black(width, height);
    rnd.nextBytes(img.y());
    rnd.nextBytes(img.u());
    rnd.nextBytes(img.v());
    return img;
  }

  static Yuv420 copy(Yuv420 img) {
    return new Yuv420(img.width(), img.height(), img.y().clone(), img.u().clone(), img.v().clone());
  }
}
