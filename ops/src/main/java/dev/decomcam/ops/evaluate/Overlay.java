package dev.decomcam.ops.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.engine.ColorOrder;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.evaluate.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * An example for the report: what the model saw (its input, un-normalised) with the saliency map
 * blended on top in a blue-to-red ramp, the ground-truth box in white, as PNG bytes.
 */
final class Overlay {
  private Overlay() {}

  static byte[] png(ModelInput input, float[] map, ModelSpec spec, Box box) {
    int w = input.width();
    int h = input.height();
    int plane = w * h;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : map) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    float range = hi > lo ? hi - lo : 1;
    boolean bgr = spec.colorOrder() == ColorOrder.BGR;
    float[] x = input.data();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < plane; p++) {
      double[] rgb = new double[3];
      for (int c = 0; c < 3 && c < input.channels(); c++) {
        double raw = x[c * plane + p] * spec.std()[c] + spec.mean()[c];
        rgb[bgr ? 2 - c : c] = Math.max(0, Math.min(1, raw));
      }
      double s = (map[p] - lo) / range;
      double[] heat = ramp(s);
      double a = 0.55;
      int r = (int) Math.round(255 * ((1 - a) * rgb[0] + a * heat[0]));
      int g = (int) Math.round(255 * ((1 - a) * rgb[1] + a * heat[1]));
      int b = (int) Math.round(255 * ((1 - a) * rgb[2] + a * heat[2]));
      img.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
    }
    if (box != null) {
      Graphics2D g = img.createGraphics();
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(box.x0(), box.y0(), box.x1() - box.x0(), box.y1() - box.y0());
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Blue (0) → cyan → yellow → red (1). */
  private static double[] ramp(double s) {
    double r = Math.max(0, Math.min(1, 2 * s - 0.5));
    double g = Math.max(0, Math.min(1, s < 0.5 ? 2 * s : 2 - 2 * s + 0.5));
    double b = Math.max(0, Math.min(1, 1 - 2 * s));
    return new double[] {r, g, b};
  }
}
