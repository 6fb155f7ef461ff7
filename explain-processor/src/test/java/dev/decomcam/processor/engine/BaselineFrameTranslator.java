package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Test-only copy of the translator as it was before preprocessing read the byte raster in one pass
 * (planes of ints, resize, then normalise): the baseline that {@code FrameTranslatorTest} compares
 * the translator with ({@code FramePrepBench} times it against the later one-pass translator,
 * {@link BaselineOnePassTranslator}).
 *
 * <p>Preprocessing kept apart from the model call (as DJL's Translator does): an RGB frame is
 * resized per the {@link ResizeMode}, reordered to the model's colour order and normalised as
 * {@code (pixel/255 - mean[c]) / std[c]} into a CHW {@link ModelInput}. The returned {@link
 * PreparedImage} also says which rectangle of the frame the input covers.
 *
 * <p>Centre crop follows torchvision's {@code Resize(round(size/0.875))} + {@code
 * CenterCrop(size)}: shorter side scaled (longer side truncated as torchvision does), crop offsets
 * rounded half to even like Python's {@code round}.
 */
final class BaselineFrameTranslator {

  /** Central crop fraction of TF-slim / torchvision ImageNet evaluation (224 of 256). */
  static final double CROP_FRACTION = 0.875;

  private final int width;
  private final int height;
  private final ResizeMode mode;
  private final boolean bgr;
  private final float[] mean;
  private final float[] std;

  BaselineFrameTranslator(ModelSpec spec) {
    this.width = spec.inputWidth();
    this.height = spec.inputHeight();
    this.mode = spec.resize();
    this.bgr = spec.colorOrder() == ColorOrder.BGR;
    this.mean = spec.mean();
    this.std = spec.std();
  }

  public PreparedImage prepare(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[][] rgb = planes(image);
    return switch (mode) {
      case NONE -> {
        if (w != width || h != height) {
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
        yield new PreparedImage(normalise(rgb), 0, 0, w, h);
      }
      case STRETCH ->
          new PreparedImage(
              normalise(
                  BaselineBilinearResampler.resize(rgb, w, h, width, height, 0, 0, width, height)),
              0,
              0,
              w,
              h);
      case CENTER_CROP -> centreCrop(rgb, w, h);
    };
  }

  private PreparedImage centreCrop(int[][] rgb, int w, int h) {
    int tw = (int) Math.round(width / CROP_FRACTION);
    int th = (int) Math.round(height / CROP_FRACTION);
    int rw;
    int rh;
    if ((long) tw * h >= (long) th * w) { // width is the binding side
      rw = tw;
      rh = Math.max(height, (int) ((long) tw * h / w));
    } else {
      rh = th;
      rw = Math.max(width, (int) ((long) th * w / h));
    }
    int left = (int) Math.rint((rw - width) / 2.0);
    int top = (int) Math.rint((rh - height) / 2.0);
    int[][] crop = BaselineBilinearResampler.resize(rgb, w, h, rw, rh, left, top, width, height);
    double sx = (double) w / rw;
    double sy = (double) h / rh;
    return new PreparedImage(
        normalise(crop),
        (int) Math.round(left * sx),
        (int) Math.round(top * sy),
        (int) Math.round(width * sx),
        (int) Math.round(height * sy));
  }

  /** R, G and B planes (0..255) of {@code image}, row-major. */
  static int[][] planes(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int type = image.getType();
    Raster raster = image.getRaster();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        && raster.getDataBuffer() instanceof DataBufferByte db
        && raster.getSampleModel() instanceof ComponentSampleModel sm) {
      // what ImageIO decodes JPEGs to: read the bytes where the sample model says they are
      byte[] d = db.getData();
      int ps = sm.getPixelStride();
      int ss = sm.getScanlineStride();
      int[] bo = sm.getBandOffsets();
      int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
      int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
      int[][] p = new int[3][w * h];
      for (int y = 0; y < h; y++) {
        int row = db.getOffset() + (y + y0) * ss + x0 * ps;
        for (int x = 0; x < w; x++) {
          int at = row + x * ps;
          int i = y * w + x;
          p[0][i] = d[at + bo[0]] & 0xff;
          p[1][i] = d[at + bo[1]] & 0xff;
          p[2][i] = d[at + bo[2]] & 0xff;
        }
      }
      return p;
    }
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_BGR) {
      // these rasters hold exactly the R, G, B samples, in that band order: read them without
      // getRGB's per-pixel colour-model conversion (4.6 ms at 640x480)
      int[] rgb = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
      int[][] p = new int[3][w * h];
      for (int i = 0, j = 0; i < w * h; i++, j += 3) {
        p[0][i] = rgb[j];
        p[1][i] = rgb[j + 1];
        p[2][i] = rgb[j + 2];
      }
      return p;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int[][] p = new int[3][w * h];
    for (int i = 0; i < argb.length; i++) {
      int v = argb[i];
      p[0][i] = (v >> 16) & 0xff;
      p[1][i] = (v >> 8) & 0xff;
      p[2][i] = v & 0xff;
    }
    return p;
  }

  private ModelInput normalise(int[][] rgb) {
    int n = rgb[0].length;
    float[] data = new float[3 * n];
    for (int c = 0; c < 3; c++) {
      int[] src = rgb[bgr ? 2 - c : c];
      float m = mean[c];
      float s = std[c];
      int off = c * n;
      for (int i = 0; i < n; i++) {
        data[off + i] = (src[i] / 255f - m) / s;
      }
    }
    return new ModelInput(3, n / width, width, data);
  }
}
