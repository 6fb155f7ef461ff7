package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A component's id at its peak on a planar YUV 4:2:0 image: a translucent black box ({@value
 * #BOX_ALPHA}/255 opaque) with the id in the component's colour, placed and sized as Java2D drew it
 * on RGB frames. The text is drawn once per text and size with Java2D as coverage ({@link
 * TextRaster}); painting blends box and text into the planes pixel by pixel as Java2D's source-over
 * blends them into each RGB channel (both blends are affine, as is the colour conversion), and each
 * chroma sample gets the mean of what its pixels would, as averaging a drawn RGB picture's chroma
 * gives.
 *
 * <p>Prepared once per explanation and frame size, painted on every frame drawn with it. Immutable.
 */
final class LabelBox {
  /** Opacity of the box, as the RGB renderer's {@code new Color(0, 0, 0, 150)}. */
  static final int BOX_ALPHA = 150;

  /** Texts whose coverage is kept, over all font sizes. */
  private static final int MAX_MASKS = 1024;

  /** The coverage of each text drawn, by font size and text ({@link #mask}). */
  private static final Map<String, byte[]> MASKS = new ConcurrentHashMap<>();

  /** Box in image pixels. */
  private final Rectangle box;

  /** What the label touches in image pixels: the box and the text, inside the frame's part. */
  private final Rectangle area;

  /** Text coverage 0..255 over {@link #area}, row by row. */
  private final byte[] coverage;

  /** Text colour Y, Cb, Cr, unrounded. */
  private final double[] text;

  private LabelBox(Rectangle box, Rectangle area, byte[] coverage, double[] text) {
    this.box = box;
    this.area = area;
    this.coverage = coverage;
    this.text = text;
  }

  /**
   * The label {@code text} of a component peaking at pixel ({@code cx}, {@code cy}) of {@code crop}
   * (frame pixels), in colour {@code c} (light gray for black), on an image whose frame of height
   * {@code fh} lies below a header of {@code dy} rows, {@code width} wide.
   */
  static LabelBox of(
      String text, int cx, int cy, Rectangle crop, int dy, int fh, int width, Color c) {
    int px = crop.x + cx;
    int py = crop.y + cy + dy;
    FontMetrics fm = TextRaster.metrics(Math.max(11, fh / 30));
    int tw = fm.stringWidth(text) + 6;
    int th = fm.getAscent() + 4;
    int bx = Math.max(0, Math.min(px - tw / 2, crop.x + crop.width - tw));
    int by = Math.max(dy, Math.min(py - th / 2, dy + fh - th));
    Rectangle box = new Rectangle(bx, by, tw, th);
    // glyphs may reach past the box: draw with a margin, keep the box and what the text covers
    int margin = th;
    Rectangle drawn = new Rectangle(bx - margin, by - margin, tw + 2 * margin, th + 2 * margin);
    byte[] all = mask(text, fm, drawn.width, drawn.height, margin);
    int x0 = bx;
    int y0 = by;
    int x1 = bx + tw - 1;
    int y1 = by + th - 1;
    for (int y = 0; y < drawn.height; y++) {
      for (int x = 0; x < drawn.width; x++) {
        if (all[y * drawn.width + x] != 0) {
          x0 = Math.min(x0, drawn.x + x);
          y0 = Math.min(y0, drawn.y + y);
          x1 = Math.max(x1, drawn.x + x);
          y1 = Math.max(y1, drawn.y + y);
        }
      }
    }
    // the header is drawn over anything above the frame
    Rectangle area =
        new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1)
            .intersection(new Rectangle(0, dy, width, fh));
    byte[] coverage = new byte[Math.max(0, area.width) * Math.max(0, area.height)];
    for (int y = 0; y < area.height; y++) {
      System.arraycopy(
          all,
          (area.y - drawn.y + y) * drawn.width + area.x - drawn.x,
          coverage,
          y * area.width,
          area.width);
    }
    Color t = c.equals(Color.BLACK) ? Color.LIGHT_GRAY : c;
    return new LabelBox(
        box.intersection(area),
        area,
        coverage,
        HeatmapBlend.ycc(t.getRed(), t.getGreen(), t.getBlue()));
  }

  /**
   * The text's coverage drawn on a {@code width x height} raster at ({@code margin + 3}, {@code
   * margin + ascent + 1}), row by row: drawn once per text and font size (the size of the raster
   * follows from them), as a component's id recurs frame after frame. Shared, not to be written.
   */
  private static byte[] mask(String text, FontMetrics fm, int width, int height, int margin) {
    String key = fm.getFont().getSize() + ":" + text;
    byte[] cached = MASKS.get(key);
    if (cached != null) {
      return cached;
    }
    BufferedImage mask = TextRaster.gray(width, height, 0);
    Graphics2D g = TextRaster.graphics(mask, fm.getFont());
    try {
      g.drawString(text, margin + 3, margin + fm.getAscent() + 1);
    } finally {
      g.dispose();
    }
    byte[] all = TextRaster.pixels(mask);
    if (MASKS.size() >= MAX_MASKS) {
      MASKS.clear(); // ids beyond the bound: start over rather than grow
    }
    MASKS.put(key, all);
    return all;
  }

  /** Paints box and text on {@code img}. */
  void paint(Yuv420 img) {
    if (area.isEmpty()) {
      return;
    }
    int width = img.width();
    byte[] yp = img.y();
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        int i = y * width + x;
        yp[i] = (byte) round(blend(yp[i] & 255, 0, x, y));
      }
    }
    int planeWidth = img.chromaWidth();
    int height = img.height();
    byte[] up = img.u();
    byte[] vp = img.v();
    for (int sy = area.y >> 1; sy <= (area.y + area.height - 1) >> 1; sy++) {
      for (int sx = area.x >> 1; sx <= (area.x + area.width - 1) >> 1; sx++) {
        int i = sy * planeWidth + sx;
        int u = up[i] & 255;
        int v = vp[i] & 255;
        double su = 0;
        double sv = 0;
        int n = 0;
        for (int y = 2 * sy; y <= Math.min(height - 1, 2 * sy + 1); y++) {
          for (int x = 2 * sx; x <= Math.min(width - 1, 2 * sx + 1); x++) {
            su += blend(u, 1, x, y);
            sv += blend(v, 2, x, y);
            n++;
          }
        }
        up[i] = (byte) round(su / n);
        vp[i] = (byte) round(sv / n);
      }
    }
  }

  /**
   * Plane {@code plane}'s value {@code value} at pixel ({@code x}, {@code y}) after the box and the
   * text: the box darkens towards black (luma 0, chroma 128), the text moves it towards its colour
   * by its coverage.
   */
  private double blend(int value, int plane, int x, int y) {
    if (!area.contains(x, y)) {
      return value;
    }
    double out = value;
    if (box.contains(x, y)) {
      double black = plane == 0 ? 0 : 128;
      out += (black - out) * BOX_ALPHA / 255.0;
    }
    int cov = coverage[(y - area.y) * area.width + x - area.x] & 255;
    return out + (text[plane] - out) * cov / 255.0;
  }

  private static int round(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** Bytes held, for the renderer's cache bound. */
  long bytes() {
    return coverage.length + 128L;
  }
}
