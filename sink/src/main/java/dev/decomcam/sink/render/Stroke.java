package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;
import java.util.Arrays;

/**
 * A component's outline as it is painted on a planar YUV 4:2:0 image: each outline pixel and those
 * right of and below it inside the crop (2 px thick), each painted pixel's luma set to the
 * outline's, and each chroma sample they touch moved towards the outline's chroma by the share of
 * its pixels the stroke covers. That share is what averaging the chroma of a 2x2 block of a drawn
 * RGB picture gives (as a 4:2:0 JPEG encoder does), so the outline looks as it did drawn in RGB,
 * without recolouring the neighbours that share its chroma.
 *
 * <p>Prepared once per explanation and frame size (the pixel and sample indices), painted on every
 * frame drawn with it. Immutable.
 */
final class Stroke {
  private final int[] luma;
  private final int[] chroma;

  /** Per chroma sample, the share of its pixels (those inside the image) covered, in 256ths. */
  private final short[] share;

  private Stroke(int[] luma, int[] chroma, short[] share) {
    this.luma = luma;
    this.chroma = chroma;
    this.share = share;
  }

  /**
   * The stroke {@code painted} (a bit set over the crop's pixels, as {@link
   * ComponentOutline#stroke} gives it) on an image {@code width x height} whose crop is {@code
   * crop} (in image pixels).
   */
  static Stroke of(long[] painted, Rectangle crop, int width, int height) {
    int w = crop.width;
    int count = 0;
    for (long word : painted) {
      count += Long.bitCount(word);
    }
    int[] luma = new int[count];
    // pixels painted per chroma sample of the chroma row at hand (the bits come row by row, so a
    // chroma row's pixels come together), its samples' shares settled when the next row begins
    int cx0 = crop.x >> 1;
    int cw = ((crop.x + w - 1) >> 1) - cx0 + 1;
    byte[] hits = new byte[cw];
    int[] touched = new int[cw];
    int[] chroma = new int[count];
    short[] share = new short[count];
    int planeWidth = (width + 1) / 2;
    int samples = 0;
    int rowSamples = 0;
    int chromaRow = -1;
    int n = 0;
    int row = 0;
    int rowEnd = w;
    for (int word = 0; word < painted.length; word++) {
      long bits = painted[word];
      while (bits != 0) {
        int p = (word << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        while (p >= rowEnd) {
          row++;
          rowEnd += w;
        }
        int x = crop.x + p - (rowEnd - w);
        int y = crop.y + row;
        luma[n++] = y * width + x;
        if (y >> 1 != chromaRow) {
          settle(hits, touched, rowSamples, chroma, share, samples, chromaRow, width, height, cx0);
          samples += rowSamples;
          rowSamples = 0;
          chromaRow = y >> 1;
        }
        int c = (x >> 1) - cx0;
        if (hits[c]++ == 0) {
          touched[rowSamples] = c;
          chroma[samples + rowSamples++] = chromaRow * planeWidth + (x >> 1);
        }
      }
    }
    settle(hits, touched, rowSamples, chroma, share, samples, chromaRow, width, height, cx0);
    samples += rowSamples;
    return new Stroke(luma, Arrays.copyOf(chroma, samples), Arrays.copyOf(share, samples));
  }

  /**
   * The shares of the {@code count} samples of chroma row {@code sy} touched (at {@code touched},
   * their pixels painted in {@code hits}, cleared here) into {@code share} from {@code at}.
   */
  private static void settle(
      byte[] hits,
      int[] touched,
      int count,
      int[] chroma,
      short[] share,
      int at,
      int sy,
      int width,
      int height,
      int cx0) {
    for (int i = 0; i < count; i++) {
      int c = touched[i];
      // 1, 2 or 4 pixels: a shift divides by them
      int real = realPixels(cx0 + c, sy, width, height);
      share[at + i] = (short) ((hits[c] << 8) >> Integer.numberOfTrailingZeros(real));
      hits[c] = 0;
    }
  }

  /** Pixels of chroma sample ({@code sx}, {@code sy}) inside a {@code width x height} image. */
  static int realPixels(int sx, int sy, int width, int height) {
    return Math.min(2, width - 2 * sx) * Math.min(2, height - 2 * sy);
  }

  /** Paints the stroke in colour ({@code y}, {@code cb}, {@code cr}). */
  void paint(Yuv420 img, int y, int cb, int cr) {
    byte[] yp = img.y();
    byte[] up = img.u();
    byte[] vp = img.v();
    byte yb = (byte) y;
    for (int i : luma) {
      yp[i] = yb;
    }
    for (int i = 0; i < chroma.length; i++) {
      int c = chroma[i];
      up[c] = (byte) toward(up[c] & 255, cb, share[i]);
      vp[c] = (byte) toward(vp[c] & 255, cr, share[i]);
    }
  }

  /** {@code from} moved {@code share}/256 of the way to {@code to}, rounded half up. */
  static int toward(int from, int to, int share) {
    return from + (((to - from) * share + 128) >> 8);
  }

  /** Bytes held, for the renderer's cache bound. */
  long bytes() {
    return 4L * luma.length + 6L * chroma.length + 64;
  }
}
