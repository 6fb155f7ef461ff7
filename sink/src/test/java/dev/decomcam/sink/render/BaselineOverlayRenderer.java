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
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The overlay renderer as it was before rendering was made cheap (every map upsampled to the crop
 * in floats, each component's outline found on its full-resolution map, colours blended per pixel
 * in doubles), kept only as the baseline that {@link OverlayRenderBench} measures the current
 * {@link OverlayRenderer} against and compares its pixels with. Not used by any test.
 */
final class BaselineOverlayRenderer {
  /** Outline colours of components by rank: distinct from each other and from Turbo's hues. */
  private static final Color[] OUTLINE = {Color.WHITE, new Color(255, 0, 255), Color.BLACK};

  private static final Color HEADER_BG = new Color(24, 24, 24);

  /**
   * @param alpha heatmap opacity in [0,1]
   * @param maxComponents outlines drawn, strongest first (at most 3 colours, reused beyond)
   * @param componentThreshold cut level in [0,1] of a component map for its outline
   */
  public record Options(double alpha, int maxComponents, double componentThreshold) {
    public Options {
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException(
            "heatmap alpha " + alpha + ": use a value in [0, 1], e.g. 0.45");
      }
      if (maxComponents < 0) {
        throw new IllegalArgumentException("max components " + maxComponents + ": use 0 or more");
      }
      if (!(componentThreshold > 0 && componentThreshold < 1)) {
        throw new IllegalArgumentException(
            "component threshold " + componentThreshold + ": use a value in (0, 1), e.g. 0.5");
      }
    }

    public static Options defaults() {
      return new Options(0.45, 3, 0.5);
    }
  }

  private final Options options;

  public BaselineOverlayRenderer(Options options) {
    this.options = options;
  }

  public BaselineOverlayRenderer() {
    this(Options.defaults());
  }

  public Options options() {
    return options;
  }

  /**
   * Height of the header bar above a frame of this height (even, so video encoders accept the
   * size).
   */
  public static int headerHeight(int frameHeight) {
    int h = Math.max(24, frameHeight / 16);
    return h + (h & 1);
  }

  /**
   * The crop rectangle in frame pixels, rounded and clipped; the whole frame when {@code crop} is
   * empty.
   */
  public static Rectangle cropRect(Explanation e, int frameWidth, int frameHeight) {
    List<Float> c = e.getCrop();
    if (c == null || c.isEmpty()) {
      return new Rectangle(0, 0, frameWidth, frameHeight);
    }
    String id = id(e);
    if (c.size() != 4) {
      throw new IllegalArgumentException(
          id + ": crop has " + c.size() + " values: send [x, y, width, height] or []");
    }
    double x = c.get(0);
    double y = c.get(1);
    double w = c.get(2);
    double h = c.get(3);
    // one pixel of slack: the processor may round the crop differently
    if (!(w >= 1
        && h >= 1
        && x >= -1
        && y >= -1
        && x + w <= frameWidth + 1
        && y + h <= frameHeight + 1)) {
      throw new IllegalArgumentException(
          id
              + ": crop "
              + c
              + " is not inside the "
              + frameWidth
              + "x"
              + frameHeight
              + " frame: send the crop in the frame's pixels");
    }
    int x0 = (int) Math.max(0, Math.round(x));
    int y0 = (int) Math.max(0, Math.round(y));
    int x1 = (int) Math.min(frameWidth, Math.round(x + w));
    int y1 = (int) Math.min(frameHeight, Math.round(y + h));
    return new Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  }

  /**
   * How a frame the processor skipped relates to the explanation drawn on it.
   *
   * @param frameSequence the skipped frame's sequence
   * @param ageFrames its sequence minus the drawn explanation's
   * @param ageMs its capture time minus that of the drawn explanation's frame
   */
  public record Reuse(long frameSequence, long ageFrames, long ageMs) {}

  /**
   * Renders the annotated frame; {@code latencyMs} is shown in the header (negative = unknown,
   * hidden).
   */
  public BufferedImage render(BufferedImage frame, Explanation e, long latencyMs) {
    return draw(frame, e, headerText(e, null, latencyMs));
  }

  /**
   * Renders a frame that was not explained with {@code latest}, its camera's latest explanation:
   * heatmap and components as {@link #render} draws them, and a header that says the explanation is
   * reused and how old it is, e.g. {@code reused #123 (+5 frames, 200 ms)}.
   */
  public BufferedImage renderReused(
      BufferedImage frame, Explanation latest, Reuse reuse, long latencyMs) {
    return draw(frame, latest, headerText(latest, reuse, latencyMs));
  }

  /**
   * Renders frame {@code sequence} of a camera that has no explanation yet: the frame under a
   * header that says so, no heatmap.
   */
  public BufferedImage renderUnexplained(BufferedImage frame, long sequence, long latencyMs) {
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    int header = headerHeight(fh);
    BufferedImage out = new BufferedImage(fw, fh + header, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(frame, 0, header, null);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      StringBuilder s = new StringBuilder().append('#').append(sequence);
      s.append("  no explanation yet");
      if (latencyMs >= 0) {
        s.append("  |  ").append(latencyMs).append(" ms");
      }
      header(g, s.toString(), fw, header);
    } finally {
      g.dispose();
    }
    return out;
  }

  private BufferedImage draw(BufferedImage frame, Explanation e, String headerText) {
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    String id = id(e);
    if (e.getInputWidth() <= 0 || e.getInputHeight() <= 0) {
      throw new IllegalArgumentException(
          id
              + ": input size "
              + e.getInputWidth()
              + "x"
              + e.getInputHeight()
              + " is not positive: send the model input size");
    }
    Rectangle crop = cropRect(e, fw, fh);
    float[] saliency =
        Resample.bilinear(
            values(e.getSaliency(), id + ": saliency"),
            e.getSaliency().getWidth(),
            e.getSaliency().getHeight(),
            crop.width,
            crop.height);
    List<Component> top =
        e.getComponents().stream()
            .sorted(Comparator.comparingDouble(Component::getWeight).reversed())
            .limit(options.maxComponents())
            .toList();
    float[][] componentMaps = new float[top.size()][];
    for (int i = 0; i < top.size(); i++) {
      SaliencyMap m = top.get(i).getMap();
      componentMaps[i] =
          Resample.bilinear(
              values(m, id + ": component " + top.get(i).getId() + " map"),
              m.getWidth(),
              m.getHeight(),
              crop.width,
              crop.height);
    }

    int header = headerHeight(fh);
    BufferedImage out = new BufferedImage(fw, fh + header, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(frame, 0, header, null);
      blendHeatmap(out, saliency, crop, header);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int i = 0; i < top.size(); i++) {
        Color c = OUTLINE[i % OUTLINE.length];
        outline(out, componentMaps[i], crop, header, c);
        label(g, "#" + top.get(i).getId(), componentMaps[i], crop, header, c, fh);
      }
      header(g, headerText, fw, header);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * Blends the Turbo colours of {@code saliency} over the crop, straight on the BGR raster: {@code
   * getRGB}/{@code setRGB} convert colour models per pixel and cost far more than the blend.
   */
  private void blendHeatmap(BufferedImage out, float[] saliency, Rectangle crop, int dy) {
    double a = options.alpha();
    double b = 1 - a;
    byte[] px = pixels(out);
    int stride = out.getWidth() * 3;
    for (int y = 0; y < crop.height; y++) {
      int row = (crop.y + y + dy) * stride + crop.x * 3;
      for (int x = 0; x < crop.width; x++) {
        int i = row + x * 3;
        int h = Colormap.turbo(saliency[y * crop.width + x]);
        px[i] = (byte) Math.round(b * (px[i] & 255) + a * (h & 255));
        px[i + 1] = (byte) Math.round(b * (px[i + 1] & 255) + a * ((h >> 8) & 255));
        px[i + 2] = (byte) Math.round(b * (px[i + 2] & 255) + a * ((h >> 16) & 255));
      }
    }
  }

  /**
   * The pixels of a {@code TYPE_3BYTE_BGR} image made here: B, G, R per pixel, rows without
   * padding.
   */
  private static byte[] pixels(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  /**
   * Marks cells inside the threshold that touch a cell outside it (or the crop edge), 2 px thick.
   */
  private void outline(BufferedImage out, float[] map, Rectangle crop, int dy, Color c) {
    float t = (float) options.componentThreshold();
    int w = crop.width;
    int h = crop.height;
    byte[] px = pixels(out);
    int stride = out.getWidth() * 3;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (map[y * w + x] < t) {
          continue;
        }
        boolean edge =
            x == 0
                || y == 0
                || x == w - 1
                || y == h - 1
                || map[y * w + x - 1] < t
                || map[y * w + x + 1] < t
                || map[(y - 1) * w + x] < t
                || map[(y + 1) * w + x] < t;
        if (edge) {
          int i = (crop.y + y + dy) * stride + (crop.x + x) * 3;
          put(px, i, c);
          if (x + 1 < w) {
            put(px, i + 3, c);
          }
          if (y + 1 < h) {
            put(px, i + stride, c);
          }
        }
      }
    }
  }

  private static void put(byte[] px, int i, Color c) {
    px[i] = (byte) c.getBlue();
    px[i + 1] = (byte) c.getGreen();
    px[i + 2] = (byte) c.getRed();
  }

  private static void label(
      Graphics2D g, String text, float[] map, Rectangle crop, int dy, Color c, int fh) {
    int best = 0;
    for (int i = 1; i < map.length; i++) {
      if (map[i] > map[best]) {
        best = i;
      }
    }
    int px = crop.x + best % crop.width;
    int py = crop.y + best / crop.width + dy;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, fh / 30)));
    FontMetrics fm = g.getFontMetrics();
    int tw = fm.stringWidth(text) + 6;
    int th = fm.getAscent() + 4;
    int bx = Math.max(0, Math.min(px - tw / 2, crop.x + crop.width - tw));
    int by = Math.max(dy, Math.min(py - th / 2, dy + fh - th));
    g.setColor(new Color(0, 0, 0, 150));
    g.fillRect(bx, by, tw, th);
    g.setColor(c.equals(Color.BLACK) ? Color.LIGHT_GRAY : c);
    g.drawString(text, bx + 3, by + fm.getAscent() + 1);
  }

  /**
   * The header line: label, score, target when it differs, sequence (with the reuse when the frame
   * was not explained itself), latency and method.
   */
  private static String headerText(Explanation e, Reuse reuse, long latencyMs) {
    StringBuilder s =
        new StringBuilder()
            .append(e.getPredictedLabel())
            .append(String.format(Locale.ROOT, " %.2f", e.getPredictedScore()));
    if (e.getTargetIndex() != e.getPredictedIndex()) {
      s.append("  target: ").append(e.getTargetLabel());
    }
    if (reuse == null) {
      s.append("  |  #").append(e.getSequence());
    } else {
      s.append("  |  #")
          .append(reuse.frameSequence())
          .append(" reused #")
          .append(e.getSequence())
          .append(" (+")
          .append(reuse.ageFrames())
          .append(reuse.ageFrames() == 1 ? " frame, " : " frames, ")
          .append(reuse.ageMs())
          .append(" ms)");
    }
    if (latencyMs >= 0) {
      s.append("  |  ").append(latencyMs).append(" ms");
    }
    s.append("  |  ").append(e.getMethod());
    return s.toString();
  }

  private static void header(Graphics2D g, String text, int width, int height) {
    g.setColor(HEADER_BG);
    g.fillRect(0, 0, width, height);
    // a long line on a narrow frame: a smaller font, then an ellipsis (as HeaderBar)
    int size = Math.max(HeaderBar.MIN_FONT, height * 3 / 5);
    while (size > HeaderBar.MIN_FONT && TextRaster.metrics(size).stringWidth(text) > width - 12) {
      size--;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
    FontMetrics fm = g.getFontMetrics();
    g.setColor(Color.WHITE);
    g.drawString(
        HeaderBar.fitted(text, fm, width - 12), 6, (height - fm.getHeight()) / 2 + fm.getAscent());
  }

  /** The map's values in [0,1], validated against its declared size and encoding. */
  static float[] values(SaliencyMap m, String what) {
    if (m == null) {
      throw new IllegalArgumentException(what + " is missing: send a SaliencyMap");
    }
    if (!"u8".equals(m.getEncoding())) {
      throw new IllegalArgumentException(
          what + ": encoding '" + m.getEncoding() + "' is not supported: send u8");
    }
    int w = m.getWidth();
    int h = m.getHeight();
    ByteBuffer data = m.getData().duplicate();
    if (w <= 0 || h <= 0 || (long) w * h != data.remaining()) {
      throw new IllegalArgumentException(
          what
              + ": "
              + data.remaining()
              + " bytes for "
              + w
              + "x"
              + h
              + ": send width*height bytes (one per cell, row-major)");
    }
    float[] out = new float[w * h];
    for (int i = 0; i < out.length; i++) {
      out[i] = (data.get() & 0xFF) / 255f;
    }
    return out;
  }

  private static String id(Explanation e) {
    return "explanation " + e.getCameraId() + "#" + e.getSequence();
  }
}
