package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.awt.Color;
import java.awt.Rectangle;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
 * <p>Drawn at video rates in planar YUV 4:2:0 ({@link Yuv420}), as camera JPEGs decode and overlays
 * encode without a colour conversion: the heatmap is blended per plane through tables ({@link
 * HeatmapBlend}), outlines are painted into the planes ({@link Stroke}), and only the text (header
 * bar, component ids) is drawn with Java2D, on small gray rasters ({@link HeaderBar}, {@link
 * LabelBox}). Blending and the colour conversion are affine, so the picture is what drawing the
 * frame in RGB gives, up to rounding and 4:2:0's averaging of chroma over 2x2 blocks, which a JPEG
 * encoder applies to an RGB drawing anyway. No full-resolution float map is made: the saliency map
 * is resized row by row straight to colour levels in fixed point, which are those of resizing it to
 * the crop ({@link Resample#bilinear}) but next to a tie, there one level off ({@link
 * HeatmapBlend}); a component's outline and peak are found resizing its map only in the blocks its
 * threshold crosses ({@link ComponentOutline}), and are those of resizing it to the crop.
 *
 * <p>What an explanation draws on a frame of one size (the heatmap's levels, outline pixels,
 * labels) is prepared once and kept for the camera's latest explanation ({@link LayerCache}), so a
 * frame the processor skipped, drawn with it again, costs only the blend.
 *
 * <p>The output is the frame's width and {@link #headerHeight(int)} taller (an even number of rows,
 * so the frame's chroma rows stay aligned). Input is validated: a mismatched size or data length
 * raises {@link IllegalArgumentException} with one line naming the camera, sequence and field.
 * Thread-safe.
 */
public final class OverlayRenderer {
  /** Outline colours of components by rank: distinct from each other and from Turbo's hues. */
  private static final Color[] OUTLINE = {Color.WHITE, new Color(255, 0, 255), Color.BLACK};

  /** {@link #OUTLINE} in JFIF Y, Cb, Cr. */
  private static final int[][] OUTLINE_YCC = new int[OUTLINE.length][];

  static {
    for (int i = 0; i < OUTLINE.length; i++) {
      Color c = OUTLINE[i];
      int r = c.getRed();
      int g = c.getGreen();
      int b = c.getBlue();
      OUTLINE_YCC[i] =
          new int[] {Yuv420.lumaOf(r, g, b), Yuv420.cbOf(r, g, b), Yuv420.crOf(r, g, b)};
    }
  }

  /** Each u8 map value in [0,1]: {@code v / 255f}. */
  private static final float[] U8 = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      U8[i] = i / 255f;
    }
  }

  /** Cameras whose latest explanation's layers are kept. */
  static final int CACHED_CAMERAS = 256;

  /** Bytes of layers kept at most, over all cameras. */
  static final long CACHED_BYTES = 64L << 20;

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
  private final LayerCache<Layers> cache = new LayerCache<>(CACHED_CAMERAS, CACHED_BYTES);

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
   * {@code r} in frame pixels as it falls on the frame decoded at 1/{@code reduction}, {@code fw x
   * fh} pixels: edges divided and rounded, clipped, at least one pixel.
   */
  private static Rectangle reduced(Rectangle r, int reduction, int fw, int fh) {
    if (reduction == 1) {
      return r;
    }
    int x0 = Math.min(fw - 1, Math.round((float) r.x / reduction));
    int y0 = Math.min(fh - 1, Math.round((float) r.y / reduction));
    int x1 = Math.min(fw, Math.round((float) (r.x + r.width) / reduction));
    int y1 = Math.min(fh, Math.round((float) (r.y + r.height) / reduction));
    return new Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  }

  /**
   * How a frame that was not explained relates to the explanation drawn on it.
   *
   * @param frameSequence the frame's sequence
   * @param ageFrames its sequence minus the drawn explanation's
   * @param ageMs its capture time minus that of the drawn explanation's frame
   * @param overdue false: the processor skipped the frame; true: no answer for it came in time (the
   *     processor is down or far behind), which the header says
   */
  public record Reuse(long frameSequence, long ageFrames, long ageMs, boolean overdue) {}

  /** What the header says of a frame whose explanation did not come in time. */
  static final String NOT_ANSWERING = "processor not answering";

  /**
   * Renders the annotated frame; {@code latencyMs} is shown in the header (negative = unknown,
   * hidden).
   */
  public Yuv420 render(Yuv420 frame, Explanation e, long latencyMs) {
    return render(frame, 1, e, latencyMs);
  }

  /**
   * {@link #render(Yuv420, Explanation, long)} on a frame decoded at 1/{@code reduction} of its
   * size in each direction (sides rounded up): the explanation's crop, given in the frame's own
   * pixels, is scaled down to it, and the header says the overlay is reduced.
   */
  public Yuv420 render(Yuv420 frame, int reduction, Explanation e, long latencyMs) {
    return draw(frame, reduction, e, headerText(e, null, latencyMs, reduction));
  }

  /**
   * Renders a frame that was not explained with {@code latest}, its camera's latest explanation:
   * heatmap and components as {@link #render} draws them, and a header that says the explanation is
   * reused and how old it is, e.g. {@code reused #123 (+5 frames, 200 ms)}.
   */
  public Yuv420 renderReused(Yuv420 frame, Explanation latest, Reuse reuse, long latencyMs) {
    return renderReused(frame, 1, latest, reuse, latencyMs);
  }

  /**
   * {@link #renderReused(Yuv420, Explanation, Reuse, long)} on a reduced frame, as {@link
   * #render(Yuv420, int, Explanation, long)}.
   */
  public Yuv420 renderReused(
      Yuv420 frame, int reduction, Explanation latest, Reuse reuse, long latencyMs) {
    return draw(frame, reduction, latest, headerText(latest, reuse, latencyMs, reduction));
  }

  /**
   * Renders frame {@code sequence} of a camera that has no explanation yet: the frame under a
   * header that says so, no heatmap; {@code overdue}: the header also says that the processor did
   * not answer in time.
   */
  public Yuv420 renderUnexplained(Yuv420 frame, long sequence, long latencyMs, boolean overdue) {
    int header = headerHeight(frame.height());
    Yuv420 out = belowHeader(frame, header);
    StringBuilder s = new StringBuilder().append('#').append(sequence);
    s.append("  no explanation yet");
    if (overdue) {
      s.append("  |  ").append(NOT_ANSWERING);
    }
    if (latencyMs >= 0) {
      s.append("  |  ").append(latencyMs).append(" ms");
    }
    HeaderBar.paint(out, s.toString(), header);
    return out;
  }

  private Yuv420 draw(Yuv420 frame, int reduction, Explanation e, String headerText) {
    if (reduction < 1) {
      throw new IllegalArgumentException("reduction " + reduction + ": use 1 or more");
    }
    int fw = frame.width();
    int fh = frame.height();
    int header = headerHeight(fh);
    Yuv420 out = belowHeader(frame, header);
    Layers layers = cache.get(e, fw, fh);
    if (layers == null) {
      layers = prepare(e, fw, fh, reduction, out);
      cache.put(e, fw, fh, layers, layers.bytes());
    } else if (layers.heat() != null) {
      heatmap.blend(out, layers.heat());
    }
    for (int i = 0; i < layers.strokes().length; i++) {
      int[] c = OUTLINE_YCC[i % OUTLINE_YCC.length];
      layers.strokes()[i].paint(out, c[0], c[1], c[2]);
      layers.labels()[i].paint(out);
    }
    HeaderBar.paint(out, headerText, header);
    return out;
  }

  /**
   * What {@code e} draws on a {@code fw x fh} frame below the header, validating it: the heatmap's
   * levels (none when alpha is 0), and the strongest components' strokes and labels, strongest
   * first. Blends the heatmap over {@code out} on the way, where its levels are made.
   */
  private Layers prepare(Explanation e, int fw, int fh, int reduction, Yuv420 out) {
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
    Rectangle crop = reduced(cropRect(e, fw * reduction, fh * reduction), reduction, fw, fh);
    SaliencyMap sal = e.getSaliency();
    byte[] saliency = u8(sal, id + ": saliency");
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
    Rectangle drawn = new Rectangle(crop.x, crop.y + header, crop.width, crop.height);
    HeatmapBlend.Layer heat =
        heatmap.visible()
            ? heatmap.blend(saliency, sal.getWidth(), sal.getHeight(), drawn, out)
            : null;
    Stroke[] strokes = new Stroke[top.size()];
    LabelBox[] labels = new LabelBox[top.size()];
    for (int i = 0; i < top.size(); i++) {
      strokes[i] = Stroke.of(outlines[i].stroke(), drawn, fw, fh + header);
      int peak = outlines[i].peak();
      labels[i] =
          LabelBox.of(
              "#" + top.get(i).getId(),
              peak % crop.width,
              peak / crop.width,
              crop,
              header,
              fh,
              fw,
              OUTLINE[i % OUTLINE.length]);
    }
    return new Layers(heat, strokes, labels);
  }

  /**
   * A new image {@link #headerHeight(int) header} rows taller than {@code frame}, with the frame's
   * planes copied below the (not yet drawn) header: the header's row count is even, so each chroma
   * row of the frame lands whole.
   */
  private static Yuv420 belowHeader(Yuv420 frame, int header) {
    int fw = frame.width();
    int cw = frame.chromaWidth();
    int h = frame.height() + header;
    byte[] y = new byte[fw * h];
    byte[] u = new byte[cw * ((h + 1) / 2)];
    byte[] v = new byte[u.length];
    System.arraycopy(frame.y(), 0, y, header * fw, frame.y().length);
    System.arraycopy(frame.u(), 0, u, header / 2 * cw, frame.u().length);
    System.arraycopy(frame.v(), 0, v, header / 2 * cw, frame.v().length);
    return new Yuv420(fw, h, y, u, v);
  }

  /** Cameras whose layers are kept now, for tests of the bound. */
  int cachedCameras() {
    return cache.size();
  }

  /**
   * What an explanation draws on frames of one size; {@code heat} is null when alpha is 0, {@code
   * strokes} and {@code labels} by component rank.
   */
  private record Layers(HeatmapBlend.Layer heat, Stroke[] strokes, LabelBox[] labels) {
    long bytes() {
      long b = heat == null ? 0 : heat.bytes();
      for (int i = 0; i < strokes.length; i++) {
        b += strokes[i].bytes() + labels[i].bytes();
      }
      return b;
    }
  }

  /**
   * The header line: label, score, target when it differs, sequence (with the reuse when the frame
   * was not explained itself), latency and method.
   */
  static String headerText(Explanation e, Reuse reuse, long latencyMs) {
    return headerText(e, reuse, latencyMs, 1);
  }

  /** {@link #headerText(Explanation, Reuse, long)} that also says when the overlay is reduced. */
  static String headerText(Explanation e, Reuse reuse, long latencyMs, int reduction) {
    StringBuilder s =
        new StringBuilder()
            .append(e.getPredictedLabel())
            .append(String.format(Locale.ROOT, " %.2f", e.getPredictedScore()));
    if (e.getTargetIndex() != e.getPredictedIndex()) {
      s.append("  target: ").append(e.getTargetLabel());
    }
    if (reuse != null && reuse.overdue()) {
      // early in the line, as the reduction below: the operator's first question
      s.append("  |  ").append(NOT_ANSWERING);
    }
    if (reduction > 1) {
      // early in the line: a narrow reduced overlay may cut its end
      s.append("  |  1/").append(reduction).append(" size, catching up");
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

  /** The map's values in [0,1], validated against its declared size and encoding. */
  static float[] values(SaliencyMap m, String what) {
    byte[] bytes = u8(m, what);
    float[] out = new float[bytes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = U8[bytes[i] & 0xFF];
    }
    return out;
  }

  /** The map's u8 values (255 for 1), validated against its declared size and encoding. */
  static byte[] u8(SaliencyMap m, String what) {
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
    byte[] bytes = new byte[w * h];
    data.get(bytes);
    return bytes;
  }

  private static String id(Explanation e) {
    return "explanation " + e.getCameraId() + "#" + e.getSequence();
  }
}
