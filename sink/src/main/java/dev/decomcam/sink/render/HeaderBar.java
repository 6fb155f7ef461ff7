package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The header bar above an overlay's frame: one line of white text on a dark gray bar, drawn with
 * Java2D on an 8-bit gray raster ({@link TextRaster}). White, the bar and every blend of the two
 * are grays, whose JFIF luma is the gray level and chroma 128, so the raster is the bar's luma
 * plane as it is, the very levels Java2D draws on an RGB raster. A line too long for the frame is
 * drawn in a smaller font, down to {@link #MIN_FONT}, then cut with an ellipsis.
 */
final class HeaderBar {
  /** The bar's gray level, as the RGB renderer's {@code new Color(24, 24, 24)}. */
  static final int BACKGROUND = 24;

  /** Smallest font size the text shrinks to before it is cut. */
  static final int MIN_FONT = 9;

  private static final int MARGIN = 6;

  private HeaderBar() {}

  /** {@code text}, or its longest prefix with an ellipsis that fits {@code room} pixels. */
  static String fitted(String text, FontMetrics fm, int room) {
    if (fm.stringWidth(text) <= room) {
      return text;
    }
    int n = text.length();
    while (n > 0 && fm.stringWidth(text.substring(0, n).stripTrailing() + "\u2026") > room) {
      n--;
    }
    return text.substring(0, n).stripTrailing() + "\u2026";
  }

  /** Paints the bar with {@code text} over the top {@code height} rows (even) of {@code img}. */
  static void paint(Yuv420 img, String text, int height) {
    int width = img.width();
    BufferedImage bar = TextRaster.gray(width, height, BACKGROUND);
    int room = width - 2 * MARGIN;
    int size = Math.max(MIN_FONT, height * 3 / 5);
    FontMetrics fm = TextRaster.metrics(size);
    // a long line on a narrow frame: a smaller font first, then the line cut with an ellipsis, so
    // it never runs off the frame mid-word
    while (size > MIN_FONT && fm.stringWidth(text) > room) {
      fm = TextRaster.metrics(--size);
    }
    String shown = fitted(text, fm, room);
    Graphics2D g = TextRaster.graphics(bar, TextRaster.font(size));
    try {
      g.drawString(shown, MARGIN, (height - fm.getHeight()) / 2 + fm.getAscent());
    } finally {
      g.dispose();
    }
    System.arraycopy(TextRaster.pixels(bar), 0, img.y(), 0, width * height);
    int chroma = img.chromaWidth() * (height / 2);
    Arrays.fill(img.u(), 0, chroma, (byte) 128);
    Arrays.fill(img.v(), 0, chroma, (byte) 128);
  }
}
