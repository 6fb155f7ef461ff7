package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;

/**
 * Preprocessing kept apart from the model call (as DJL's Translator does): an RGB frame is resized
 * per the {@link ResizeMode}, reordered to the model's colour order and normalised as {@code
 * (pixel/255 - mean[c]) / std[c]} into a CHW {@link ModelInput}. The returned {@link PreparedImage}
 * also says which rectangle of the frame the input covers.
 *
 * <p>Centre crop follows torchvision's {@code Resize(round(size/0.875))} + {@code
 * CenterCrop(size)}: shorter side scaled (longer side truncated as torchvision does), crop offsets
 * rounded half to even like Python's {@code round}.
 *
 * <p>The frame's bytes are read where they are ({@link PackedRgb}) and resampled straight into the
 * normalised input ({@link BilinearResampler}), with no intermediate image or per-pixel objects;
 * the resampling coefficients are kept for the last frame size, its working rows per thread. Each
 * call returns a new input array, since callers may keep inputs (batches, references). Thread-safe.
 */
public final class FrameTranslator {

  /** Central crop fraction of TF-slim / torchvision ImageNet evaluation (224 of 256). */
  static final double CROP_FRACTION = 0.875;

  /**
   * How much a reduced decode may still be enlarged to the input: up to 10% per side, so that the
   * common 4:3 frames decode at half size for an ImageNet centre crop (240 rows for 256) and at a
   * quarter for a 128-pixel input (120 rows). The reduced decode is a proper low-pass of the whole
   * frame (its DCT coefficients), so it loses at most a tenth of the input's resolution, for a
   * decode of a quarter of the pixels; {@code ReducedDecodeTest} holds the explanations to the
   * whole decode's.
   */
  static final double MAX_UPSCALE = 1.1;

  private final int width;
  private final int height;
  private final ResizeMode mode;
  private final boolean bgr;

  /** Per output channel: 8-bit value to {@code (value/255 - mean[c]) / std[c]}. */
  private final float[][] lut;

  /** The resampling plan of the last frame size seen; frames of one camera keep their size. */
  private volatile Sized last;

  /** Each calling thread's resampling buffers, reused from frame to frame. */
  private final ThreadLocal<BilinearResampler.Scratch> scratch =
      ThreadLocal.withInitial(BilinearResampler.Scratch::new);

  /** A frame size with its resampling plan and the frame rectangle the input covers. */
  private record Sized(
      int w, int h, BilinearResampler.Plan plan, int cropX, int cropY, int cropW, int cropH) {}

  public FrameTranslator(ModelSpec spec) {
    this.width = spec.inputWidth();
    this.height = spec.inputHeight();
    this.mode = spec.resize();
    this.bgr = spec.colorOrder() == ColorOrder.BGR;
    float[] mean = spec.mean();
    float[] std = spec.std();
    this.lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
  }

  public PreparedImage prepare(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (mode == ResizeMode.NONE && (w != width || h != height)) {
      throw new IllegalArgumentException(
          "image is "
              + w
              + "x"
              + h
              + " but the model takes "
              + width
              + "x"
              + height
              + " with resize none: use resize center-crop or stretch");
    }
    PackedRgb px = PackedRgb.of(image);
    int[] bands =
        bgr
            ? new int[] {px.blue(), px.green(), px.red()}
            : new int[] {px.red(), px.green(), px.blue()};
    float[] data = new float[3 * width * height];
    if (mode == ResizeMode.NONE) {
      normalise(px, bands, data);
      return new PreparedImage(new ModelInput(3, height, width, data), 0, 0, w, h);
    }
    Sized s = sized(w, h);
    BilinearResampler.resample(px, s.plan, bands, lut, data, scratch.get());
    return new PreparedImage(
        new ModelInput(3, height, width, data), s.cropX, s.cropY, s.cropW, s.cropH);
  }

  /** The plan for a {@code w x h} frame: the last one when the size is the same. */
  private Sized sized(int w, int h) {
    Sized s = last;
    if (s == null || s.w != w || s.h != h) {
      s = mode == ResizeMode.STRETCH ? stretch(w, h) : centreCrop(w, h);
      last = s;
    }
    return s;
  }

  private Sized stretch(int w, int h) {
    return new Sized(
        w, h, BilinearResampler.plan(w, h, width, height, 0, 0, width, height), 0, 0, w, h);
  }

  /** The size a {@code w x h} frame is resized to before its centre crop. */
  private int[] resized(int w, int h) {
    int tw = (int) Math.round(width / CROP_FRACTION);
    int th = (int) Math.round(height / CROP_FRACTION);
    if ((long) tw * h >= (long) th * w) { // width is the binding side
      return new int[] {tw, Math.max(height, (int) ((long) tw * h / w))};
    }
    return new int[] {Math.max(width, (int) ((long) th * w / h)), th};
  }

  private Sized centreCrop(int w, int h) {
    int[] r = resized(w, h);
    int rw = r[0];
    int rh = r[1];
    int left = (int) Math.rint((rw - width) / 2.0);
    int top = (int) Math.rint((rh - height) / 2.0);
    double sx = (double) w / rw;
    double sy = (double) h / rh;
    return new Sized(
        w,
        h,
        BilinearResampler.plan(w, h, rw, rh, left, top, width, height),
        (int) Math.round(left * sx),
        (int) Math.round(top * sy),
        (int) Math.round(width * sx),
        (int) Math.round(height * sy));
  }

  /**
   * The largest factor, 1, 2, 4 or 8, by which a {@code w x h} frame may be decoded smaller (each
   * side rounded up) and still be resized to the input with at most {@link #MAX_UPSCALE}: its input
   * then comes from a quarter of the pixels or fewer, for nearly the same values (the reduced
   * decode averages what the antialiased resize would). 1 for resize none.
   */
  public int reduction(int w, int h) {
    if (mode == ResizeMode.NONE) {
      return 1;
    }
    long needW = width;
    long needH = height;
    if (mode == ResizeMode.CENTER_CROP) {
      int[] r = resized(w, h);
      needW = r[0];
      needH = r[1];
    }
    int f = 1;
    while (f < 8
        && ceilDiv(w, 2 * f) * MAX_UPSCALE >= needW
        && ceilDiv(h, 2 * f) * MAX_UPSCALE >= needH) {
      f *= 2;
    }
    return f;
  }

  private static long ceilDiv(int size, int f) {
    return (size + (long) f - 1) / f;
  }

  /** Resize none: each sample through its channel's table. */
  private void normalise(PackedRgb px, int[] bands, float[] data) {
    byte[] d = px.data();
    int ps = px.pixelStride();
    int n = width * height;
    for (int c = 0; c < 3; c++) {
      float[] table = lut[c];
      int band = bands[c];
      int o = c * n;
      for (int y = 0; y < height; y++) {
        int at = px.offset() + y * px.scanlineStride() + band;
        for (int x = 0; x < width; x++, at += ps) {
          data[o++] = table[d[at] & 0xff];
        }
      }
    }
  }
}
