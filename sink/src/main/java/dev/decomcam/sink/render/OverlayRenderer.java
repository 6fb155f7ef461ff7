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
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Draws an {@link Explanation} on its frame, as in pytorch-grad-cam's {@code show_cam_on_image}
 * plus Decom-CAM's components:
 *
 * <ul>
 *   <li>the saliency map (model input resolution) resized bilinearly into the crop rectangle the
 *       model saw and blended over the frame in the {@link Colormap#turbo Turbo} colormap;
 *   <li>the outline of each of the strongest components (by weight): its feature-resolution map
 *       upsampled to the crop and cut at a threshold, with the component id at its peak;
 *   <li>a header bar above the frame with label, score, sequence and latency.
 * </ul>
 *
 * A frame the processor skipped (a live camera under overload) is drawn with its camera's latest
 * explanation ({@link #renderReused}), the header saying which one and how old it is, or without a
 * heatmap when the camera has none yet ({@link #renderUnexplained}).
 *
 * <p>Drawn at video rates without a full-resolution float map: the saliency map is resized row by
 * row straight to colour levels and blended through a table ({@link HeatmapBlend}), and a
 * component's outline and peak are found resizing its map only in the blocks its threshold crosses
 * ({@link ComponentOutline}); the pixels are those of resizing every map to the crop ({@link
 * Resample#bilinear}) and blending in doubles.
 *
 * <p>The output is the frame's width and {@link #headerHeight(int)} taller, in 3-byte BGR. Input is
 * validated: a mismatched size or data length raises {@link IllegalArgumentException} with one line
 * naming the camera, sequence and field.
 */
public final class OverlayRenderer {
  /** Outline colours of components by rank: distinct from each other and from Turbo's hues. */
  private static final Color[] OUTLINE = {Color.WHITE, new Color(255, 0, 255), Color.BLACK};

  private static final Color HEADER_BG = new Color(24, 24, 24);

  private static final Color LABEL_BG = new Color(0, 0, 0, 150);

  /** Fonts by size: the header's and the labels' sizes follow the frame height. */
  private static final Map<Integer, Font> FONTS = new ConcurrentHashMap<>();

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
  private final HeatmapBlend heatmap;

  public OverlayRenderer(Options options) {
    this.options = options;
    this.heatmap = new HeatmapBlend(options.alpha());
  }

  public OverlayRenderer() {
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
      copyFrame(g, frame, pixels(out), header);
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
    SaliencyMap sal = e.getSaliency();
    float[] saliency = values(sal, id + ": saliency");
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
              values(m, id + ": component " + top.get(i).getId() + " map"),
              m.getWidth(),
              m.getHeight(),
              crop.width,
              crop.height,
              (float) options.componentThreshold());
    }

    int header = headerHeight(fh);
    BufferedImage out = new BufferedImage(fw, fh + header, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = pixels(out);
    int stride = fw * 3;
    Graphics2D g = out.createGraphics();
    try {
      copyFrame(g, frame, px, header);
      heatmap.blend(px, stride, crop, header, saliency, sal.getWidth(), sal.getHeight());
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int i = 0; i < top.size(); i++) {
        Color c = OUTLINE[i % OUTLINE.length];
        outlines[i].draw(px, stride, crop.x, crop.y + header, c.getRGB());
        int peak = outlines[i].peak();
        label(
            g, "#" + top.get(i).getId(), peak % crop.width, peak / crop.width, crop, header, c, fh);
      }
      header(g, headerText, fw, header);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * Puts {@code frame} below the header: a plain copy of the bytes when it is a 3-byte BGR image
   * with rows back to back (as {@link dev.decomcam.common.image.JpegCodec} decodes), which is what
   * drawing it would give, else drawn.
   */
  private static void copyFrame(Graphics2D g, BufferedImage frame, byte[] px, int header) {
    int bytes = frame.getWidth() * frame.getHeight() * 3;
    if (plainBgr(frame)) {
      System.arraycopy(pixels(frame), 0, px, header * frame.getWidth() * 3, bytes);
    } else {
      g.drawImage(frame, 0, header, null);
    }
  }

  private static boolean plainBgr(BufferedImage img) {
    if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      return false;
    }
    WritableRaster r = img.getRaster();
    return r.getParent() == null
        && r.getSampleModelTranslateX() == 0
        && r.getSampleModelTranslateY() == 0
        && r.getDataBuffer().getOffset() == 0
        && r.getDataBuffer().getNumBanks() == 1
        && r.getSampleModel() instanceof PixelInterleavedSampleModel m
        && m.getScanlineStride() == img.getWidth() * 3
        && m.getPixelStride() == 3
        && pixels(img).length >= img.getWidth() * img.getHeight() * 3;
  }

  /**
   * The pixels of a {@code TYPE_3BYTE_BGR} image made here: B, G, R per pixel, rows without
   * padding.
   */
  private static byte[] pixels(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  private static void label(
      Graphics2D g, String text, int cx, int cy, Rectangle crop, int dy, Color c, int fh) {
    int px = crop.x + cx;
    int py = crop.y + cy + dy;
    g.setFont(font(Math.max(11, fh / 30)));
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
    g.setFont(font(Math.max(11, height * 3 / 5)));
    FontMetrics fm = g.getFontMetrics();
    g.setColor(Color.WHITE);
    g.drawString(text, 6, (height - fm.getHeight()) / 2 + fm.getAscent());
  }

  /** The bold sans-serif font of this size, made once. */
  private static Font font(int size) {
    return FONTS.computeIfAbsent(size, z -> new Font(Font.SANS_SERIF, Font.BOLD, z));
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
