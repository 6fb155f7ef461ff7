package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;
import java.util.Arrays;

/**
 * {@link Stroke} as it was before a stroke counted its pixels per chroma row at hand: the same
 * stroke, counted in an array over the crop's chroma samples. For {@link PreviousOverlayRenderer}.
 */
final class PreviousStroke {
  private final int[] luma;
  private final int[] chroma;

  /** Per chroma sample, the share of its pixels (those inside the image) covered, in 256ths. */
  private final short[] share;

  private PreviousStroke(int[] luma, int[] chroma, short[] share) {
    this.luma = luma;
    this.chroma = chroma;
    this.share = share;
  }

  /**
   * The stroke {@code painted} (a bit set over the crop's pixels, as {@link
   * ComponentOutline#stroke} gives it) on an image {@code width x height} whose crop is {@code
   * crop} (in image pixels).
   */
  static PreviousStroke of(long[] painted, Rectangle crop, int width, int height) {
    int w = crop.width;
    int count = 0;
    for (long word : painted) {
      count += Long.bitCount(word);
    }
    int[] luma = new int[count];
    // per chroma sample over the crop (the crop's first at 0): pixels painted
    int cx0 = crop.x >> 1;
    int cy0 = crop.y >> 1;
    int cw = ((crop.x + w - 1) >> 1) - cx0 + 1;
    byte[] hits = new byte[cw * (((crop.y + crop.height - 1) >> 1) - cy0 + 1)];
    int[] touched = new int[count];
    int[] chroma = new int[count];
    int[] real = new int[count];
    int planeWidth = (width + 1) / 2;
    int samples = 0;
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
        int c = ((y >> 1) - cy0) * cw + (x >> 1) - cx0;
        if (hits[c]++ == 0) {
          touched[samples] = c;
          chroma[samples] = (y >> 1) * planeWidth + (x >> 1);
          real[samples++] = realPixels(x >> 1, y >> 1, width, height);
        }
      }
    }
    short[] share = new short[samples];
    for (int i = 0; i < samples; i++) {
      share[i] = (short) ((hits[touched[i]] << 8) / real[i]);
    }
    return new PreviousStroke(luma, Arrays.copyOf(chroma, samples), share);
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
