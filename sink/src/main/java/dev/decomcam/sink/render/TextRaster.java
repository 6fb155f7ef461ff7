package dev.decomcam.sink.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text for overlays, drawn with Java2D into 8-bit gray rasters: planar YUV has no text drawing of
 * its own, and anti-aliased text on a gray raster blends each pixel linearly by the glyph's
 * coverage just as it does on each channel of an RGB raster, so a gray raster holds either the luma
 * of text on a gray background (the header bar) or a text's coverage (white on black), which blends
 * any colour into YUV planes as drawing it in RGB would.
 */
final class TextRaster {
  /** Fonts by size: the header's and the labels' sizes follow the frame height. */
  private static final Map<Integer, Font> FONTS = new ConcurrentHashMap<>();

  /** Metrics of those fonts drawn by {@link #graphics}, by size. */
  private static final Map<Integer, FontMetrics> METRICS = new ConcurrentHashMap<>();

  private TextRaster() {}

  /** The bold sans-serif font of this size, made once. */
  static Font font(int size) {
    return FONTS.computeIfAbsent(size, z -> new Font(Font.SANS_SERIF, Font.BOLD, z));
  }

  /** The metrics of {@link #font}{@code (size)} as {@link #graphics} draws it, found once. */
  static FontMetrics metrics(int size) {
    return METRICS.computeIfAbsent(
        size,
        z -> {
          Graphics2D g = graphics(gray(1, 1, 0), font(z));
          try {
            return g.getFontMetrics();
          } finally {
            g.dispose();
          }
        });
  }

  /** A {@code width x height} gray raster filled with {@code background}, and its graphics. */
  static BufferedImage gray(int width, int height, int background) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    if (background != 0) {
      java.util.Arrays.fill(pixels(img), (byte) background);
    }
    return img;
  }

  /** Graphics on {@code img} with anti-aliased text in {@code font}, drawing in white. */
  static Graphics2D graphics(BufferedImage img, Font font) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(font);
    g.setColor(Color.WHITE);
    return g;
  }

  /** The gray levels of a raster made by {@link #gray}, row by row. */
  static byte[] pixels(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }
}
