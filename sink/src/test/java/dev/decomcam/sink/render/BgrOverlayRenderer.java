package dev.decomcam.sink.render;

import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Comparator;
import java.util.List;

/**
 * The overlay renderer as it was before it drew in YUV: frames decoded to packed BGR, the heatmap
 * blended per channel through a table, outlines painted into the BGR raster, text and label boxes
 * drawn with Java2D on the whole picture, every layer prepared again on every frame. Kept only as
 * the old path that {@link OverlayRenderBench} times the {@link OverlayRenderer} against; it finds
 * outlines and peaks with the same {@link ComponentOutline} and draws the same pixels as the {@link
 * BaselineOverlayRenderer}, which the bench checks. Not used by any test.
 */
final class BgrOverlayRenderer {
  private static final Color[] OUTLINE = {Color.WHITE, new Color(255, 0, 255), Color.BLACK};
  private static final Color HEADER_BG = new Color(24, 24, 24);
  private static final Color LABEL_BG = new Color(0, 0, 0, 150);

  private final OverlayRenderer.Options options;

  /** Blended channel value at {@code (turboValue << 8) | frameValue}. */
  private final byte[] table = new byte[256 * 256];

  private final int[] turboB = new int[256];
  private final int[] turboG = new int[256];
  private final int[] turboR = new int[256];

  BgrOverlayRenderer(OverlayRenderer.Options options) {
    this.options = options;
    double a = options.alpha();
    for (int t = 0; t < 256; t++) {
      for (int p = 0; p < 256; p++) {
        table[t << 8 | p] = (byte) Math.round((1 - a) * p + a * t);
      }
    }
    for (int level = 0; level < 256; level++) {
      int c = Colormap.turboLevel(level);
      turboB[level] = (c & 255) << 8;
      turboG[level] = ((c >> 8) & 255) << 8;
      turboR[level] = ((c >> 16) & 255) << 8;
    }
  }

  BgrOverlayRenderer() {
    this(OverlayRenderer.Options.defaults());
  }

  BufferedImage render(BufferedImage frame, Explanation e, long latencyMs) {
    return draw(frame, e, OverlayRenderer.headerText(e, null, latencyMs));
  }

  BufferedImage renderReused(
      BufferedImage frame, Explanation e, OverlayRenderer.Reuse reuse, long latencyMs) {
    return draw(frame, e, OverlayRenderer.headerText(e, reuse, latencyMs));
  }

  private BufferedImage draw(BufferedImage frame, Explanation e, String headerText) {
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    String id = "explanation " + e.getCameraId() + "#" + e.getSequence();
    if (e.getInputWidth() <= 0 || e.getInputHeight() <= 0) {
      throw new IllegalArgumentException(id + ": input size is not positive");
    }
    Rectangle crop = OverlayRenderer.cropRect(e, fw, fh);
    SaliencyMap sal = e.getSaliency();
    float[] saliency = OverlayRenderer.values(sal, id + ": saliency");
    List<Component> top =
        e.getComponents().stream()
            .sorted(Comparator.comparingDouble(Component::getWeight).reversed())
            .limit(options.maxComponents())
            .toList();
    ComponentOutline[] outlines = new ComponentOutline[top.size()];
    for (int i = 0; i < top.size(); i++) {
      SaliencyMap m = top.get(i).getMap();
      outlines[i] =
          new ComponentOutline(
              OverlayRenderer.values(m, id + ": component map"),
              m.getWidth(),
              m.getHeight(),
              crop.width,
              crop.height,
              (float) options.componentThreshold());
    }
    int header = OverlayRenderer.headerHeight(fh);
    BufferedImage out = new BufferedImage(fw, fh + header, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = pixels(out);
    int stride = fw * 3;
    Graphics2D g = out.createGraphics();
    try {
      System.arraycopy(pixels(frame), 0, px, header * stride, fh * stride);
      blend(px, stride, crop, header, saliency, sal.getWidth(), sal.getHeight());
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int i = 0; i < top.size(); i++) {
        Color c = OUTLINE[i % OUTLINE.length];
        paint(px, stride, outlines[i].stroke(), crop, header, c.getRGB());
        int peak = outlines[i].peak();
        label(
            g, "#" + top.get(i).getId(), peak % crop.width, peak / crop.width, crop, header, c, fh);
      }
      g.setColor(HEADER_BG);
      g.fillRect(0, 0, fw, header);
      // as HeaderBar fits a long line: a smaller font, then an ellipsis
      int size = Math.max(HeaderBar.MIN_FONT, header * 3 / 5);
      while (size > HeaderBar.MIN_FONT
          && TextRaster.metrics(size).stringWidth(headerText) > fw - 12) {
        size--;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      FontMetrics fm = g.getFontMetrics();
      g.setColor(Color.WHITE);
      g.drawString(
          HeaderBar.fitted(headerText, fm, fw - 12),
          6,
          (header - fm.getHeight()) / 2 + fm.getAscent());
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The heatmap blended per BGR channel, the map resized row by row straight to Turbo levels. */
  private void blend(byte[] px, int stride, Rectangle crop, int dy, float[] map, int sw, int sh) {
    if (options.alpha() == 0) {
      return;
    }
    int w = crop.width;
    Resample.Axis ax = Resample.axis(sw, w);
    Resample.Axis ay = Resample.axis(sh, crop.height);
    float[] top = new float[w];
    float[] bottom = new float[w];
    int srcA = -1;
    int srcB = -1;
    for (int y = 0; y < crop.height; y++) {
      int y0 = ay.i0()[y];
      int y1 = ay.i1()[y];
      if (srcA != y0) {
        if (srcB == y0) {
          float[] t = top;
          top = bottom;
          bottom = t;
          srcB = srcA;
        } else {
          across(map, y0 * sw, ax, top);
        }
        srcA = y0;
      }
      if (srcB != y1) {
        across(map, y1 * sw, ax, bottom);
        srcB = y1;
      }
      float fy = ay.f()[y];
      int i = (crop.y + y + dy) * stride + crop.x * 3;
      for (int x = 0; x < w; x++, i += 3) {
        float v = Resample.lerpY(top[x], bottom[x], fy);
        int l = v > 0 ? (int) (Math.min(1, (double) v) * 255 + 0.5) : 0;
        px[i] = table[turboB[l] | (px[i] & 255)];
        px[i + 1] = table[turboG[l] | (px[i + 1] & 255)];
        px[i + 2] = table[turboR[l] | (px[i + 2] & 255)];
      }
    }
  }

  private static void across(float[] map, int row, Resample.Axis ax, float[] out) {
    for (int x = 0; x < out.length; x++) {
      out[x] = Resample.lerpX(map, row, ax, x);
    }
  }

  /** The outline's stroke (each outline pixel and those right of and below it) in {@code rgb}. */
  private static void paint(byte[] px, int stride, long[] stroke, Rectangle crop, int dy, int rgb) {
    for (int word = 0; word < stroke.length; word++) {
      long bits = stroke[word];
      while (bits != 0) {
        int p = (word << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        put(px, (crop.y + dy + p / crop.width) * stride + (crop.x + p % crop.width) * 3, rgb);
      }
    }
  }

  private static void put(byte[] px, int i, int rgb) {
    px[i] = (byte) rgb;
    px[i + 1] = (byte) (rgb >> 8);
    px[i + 2] = (byte) (rgb >> 16);
  }

  private static void label(
      Graphics2D g, String text, int cx, int cy, Rectangle crop, int dy, Color c, int fh) {
    int px = crop.x + cx;
    int py = crop.y + cy + dy;
    g.setFont(TextRaster.font(Math.max(11, fh / 30)));
    FontMetrics fm = g.getFontMetrics();
    int tw = fm.stringWidth(text) + 6;
    int th = fm.getAscent() + 4;
    int bx = Math.max(0, Math.min(px - tw / 2, crop.x + crop.width - tw));
    int by = Math.max(dy, Math.min(py - th / 2, dy + fh - th));
    g.setColor(LABEL_BG);
    g.fillRect(bx, by, tw, th);
    g.setColor(c.equals(Color.BLACK) ? Color.LIGHT_GRAY : c);
    g.drawString(text, bx + 3, by + fm.getAscent() + 1);
  }

  private static byte[] pixels(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }
}
