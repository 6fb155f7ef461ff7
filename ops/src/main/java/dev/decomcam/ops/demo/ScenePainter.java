package dev.decomcam.ops.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * Paints the pieces of a synthetic scene: a cluttered, textured background, non-class distractors
 * and the one target shape. The training set and the demo video both use it, so the model is
 * trained on exactly the kind of pixels the demo shows it.
 *
 * <p>Backgrounds are muted (low saturation) and targets are saturated colours picked to contrast
 * with the background's mean, so a target is always visible; distractors may take any colour, so
 * colour alone never tells target from clutter.
 */
public final class ScenePainter {

  private ScenePainter() {}

  /** A new textured background: a gradient, then stripes, lines or a grid, then pixel noise. */
  public static BufferedImage background(int width, int height, Random rnd) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      antialias(g);
      g.setPaint(
          new GradientPaint(
              (float) (rnd.nextDouble() * width),
              (float) (rnd.nextDouble() * height),
              muted(rnd),
              (float) (rnd.nextDouble() * width),
              (float) (rnd.nextDouble() * height),
              muted(rnd)));
      g.fillRect(0, 0, width, height);
      int layers = 1 + rnd.nextInt(2);
      for (int i = 0; i < layers; i++) {
        switch (rnd.nextInt(3)) {
          case 0 -> stripes(g, width, height, rnd);
          case 1 -> lines(g, width, height, rnd);
          default -> grid(g, width, height, rnd);
        }
      }
    } finally {
      g.dispose();
    }
    noise(img, 6 + rnd.nextInt(28), rnd);
    return img;
  }

  /** A random piece of clutter sized for a frame of the given size. */
  public static Distractor distractor(int width, int height, Random rnd) {
    double unit = Math.min(width, height);
    Color colour =
        Color.getHSBColor(
            rnd.nextFloat(), 0.2f + 0.8f * rnd.nextFloat(), 0.3f + 0.7f * rnd.nextFloat());
    return switch (rnd.nextInt(4)) {
      case 0 ->
          new Distractor(
              Distractor.Kind.SCRIBBLE,
              scribble(unit * (0.08 + 0.12 * rnd.nextDouble()), rnd),
              false,
              (float) (1 + rnd.nextDouble() * unit / 80),
              colour);
      case 1 -> {
        double r = unit * (0.06 + 0.12 * rnd.nextDouble());
        // at most 3/4 of a turn, so an arc never closes into a circle
        Shape arc =
            new Arc2D.Double(-r, -r, 2 * r, 2 * r, 0, 60 + rnd.nextDouble() * 210, Arc2D.OPEN);
        yield new Distractor(
            Distractor.Kind.ARC, arc, false, (float) (1.5 + rnd.nextDouble() * unit / 60), colour);
      }
      case 2 ->
          new Distractor(
              Distractor.Kind.BLOB,
              blob(unit * (0.04 + 0.07 * rnd.nextDouble()), rnd),
              true,
              1f,
              colour);
      default ->
          new Distractor(
              Distractor.Kind.POLYGON,
              irregularPolygon(unit * (0.04 + 0.07 * rnd.nextDouble()), rnd),
              true,
              1f,
              colour);
    };
  }

  /** Paints a distractor centred at (x, y), rotated by {@code angle} radians. */
  public static void paintDistractor(Graphics2D g, Distractor d, double x, double y, double angle) {
    antialias(g);
    AffineTransform at = AffineTransform.getTranslateInstance(x, y);
    at.rotate(angle);
    Shape s = at.createTransformedShape(d.outline());
    g.setColor(d.colour());
    if (d.filled()) {
      g.fill(s);
    } else {
      g.setStroke(new BasicStroke(d.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(s);
    }
  }

  /**
   * Paints the target shape centred at (x, y) with the given circumradius and rotation.
   *
   * @return the painted shape's bounding box, clipped to {@code frame}
   */
  public static Rectangle paintTarget(
      Graphics2D g,
      ShapeClass shape,
      double x,
      double y,
      double radius,
      double angle,
      Color fill,
      Rectangle frame) {
    antialias(g);
    AffineTransform at = AffineTransform.getTranslateInstance(x, y);
    at.rotate(angle);
    at.scale(radius, radius);
    Shape s = at.createTransformedShape(shape.outline());
    g.setColor(fill);
    g.fill(s);
    Rectangle2D b = s.getBounds2D();
    int x0 = (int) Math.floor(b.getMinX());
    int y0 = (int) Math.floor(b.getMinY());
    int x1 = (int) Math.ceil(b.getMaxX());
    int y1 = (int) Math.ceil(b.getMaxY());
    return new Rectangle(x0, y0, x1 - x0, y1 - y0).intersection(frame);
  }

  /**
   * A saturated colour that stands out against a background whose mean colour is {@code bgMean}: at
   * least 0.3 apart in RGB distance (channels in [0, 1]).
   */
  public static Color targetColour(Color bgMean, Random rnd) {
    Color c = null;
    for (int i = 0; i < 50; i++) {
      c =
          Color.getHSBColor(
              rnd.nextFloat(), 0.55f + 0.45f * rnd.nextFloat(), 0.45f + 0.55f * rnd.nextFloat());
      if (distance(c, bgMean) >= 0.3) {
        return c;
      }
    }
    // a near-grey mid-brightness background is the only way to get here; its complement is far
    return new Color(255 - bgMean.getRed(), 255 - bgMean.getGreen(), 255 - bgMean.getBlue());
  }

  /** Mean colour of an image region, used to pick a contrasting target colour. */
  public static Color meanColour(BufferedImage img, Rectangle region) {
    Rectangle r = region.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
    long sr = 0;
    long sg = 0;
    long sb = 0;
    long n = 0;
    for (int y = r.y; y < r.y + r.height; y += 2) {
      for (int x = r.x; x < r.x + r.width; x += 2) {
        int p = img.getRGB(x, y);
        sr += (p >> 16) & 255;
        sg += (p >> 8) & 255;
        sb += p & 255;
        n++;
      }
    }
    if (n == 0) {
      return Color.GRAY;
    }
    return new Color((int) (sr / n), (int) (sg / n), (int) (sb / n));
  }

  private static double distance(Color a, Color b) {
    double dr = (a.getRed() - b.getRed()) / 255.0;
    double dg = (a.getGreen() - b.getGreen()) / 255.0;
    double db = (a.getBlue() - b.getBlue()) / 255.0;
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  private static Color muted(Random rnd) {
    return Color.getHSBColor(
        rnd.nextFloat(), 0.05f + 0.3f * rnd.nextFloat(), 0.2f + 0.6f * rnd.nextFloat());
  }

  private static Color shifted(Random rnd, int amplitude) {
    Color base = muted(rnd);
    return new Color(base.getRed(), base.getGreen(), base.getBlue(), 40 + rnd.nextInt(amplitude));
  }

  private static void stripes(Graphics2D g, int w, int h, Random rnd) {
    Graphics2D s = (Graphics2D) g.create();
    try {
      s.rotate(rnd.nextDouble() * Math.PI, w / 2.0, h / 2.0);
      double period = 6 + rnd.nextDouble() * 30;
      double thick = period * (0.2 + 0.5 * rnd.nextDouble());
      s.setColor(shifted(rnd, 120));
      double diag = Math.hypot(w, h);
      for (double x = -diag; x < diag; x += period) {
        s.fill(new Rectangle2D.Double(w / 2.0 + x, h / 2.0 - diag, thick, 2 * diag));
      }
    } finally {
      s.dispose();
    }
  }

  private static void lines(Graphics2D g, int w, int h, Random rnd) {
    int n = 8 + rnd.nextInt(25);
    for (int i = 0; i < n; i++) {
      g.setColor(shifted(rnd, 160));
      g.setStroke(new BasicStroke((float) (0.5 + rnd.nextDouble() * 2.5)));
      g.draw(
          new Line2D.Double(
              rnd.nextDouble() * w,
              rnd.nextDouble() * h,
              rnd.nextDouble() * w,
              rnd.nextDouble() * h));
    }
  }

  private static void grid(Graphics2D g, int w, int h, Random rnd) {
    int cell = 10 + rnd.nextInt(40);
    g.setColor(shifted(rnd, 100));
    boolean checker = rnd.nextBoolean();
    for (int y = 0; y < h; y += cell) {
      for (int x = 0; x < w; x += cell) {
        if (checker ? ((x / cell + y / cell) % 2 == 0) : (x / cell == 0 || y / cell == 0)) {
          g.fillRect(x, y, cell, cell);
        }
      }
    }
    if (!checker) {
      g.setStroke(new BasicStroke(1f));
      for (int x = 0; x < w; x += cell) {
        g.drawLine(x, 0, x, h);
      }
      for (int y = 0; y < h; y += cell) {
        g.drawLine(0, y, w, y);
      }
    }
  }

  private static void noise(BufferedImage img, int amplitude, Random rnd) {
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      int n = rnd.nextInt(2 * amplitude + 1) - amplitude;
      int r = clamp(((p >> 16) & 255) + n + rnd.nextInt(7) - 3);
      int gg = clamp(((p >> 8) & 255) + n + rnd.nextInt(7) - 3);
      int b = clamp((p & 255) + n + rnd.nextInt(7) - 3);
      px[i] = (r << 16) | (gg << 8) | b;
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static Shape scribble(double size, Random rnd) {
    Path2D.Double p = new Path2D.Double();
    double x = 0;
    double y = 0;
    p.moveTo(x, y);
    int n = 3 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      double cx = x + (rnd.nextDouble() - 0.5) * size;
      double cy = y + (rnd.nextDouble() - 0.5) * size;
      x += (rnd.nextDouble() - 0.5) * size;
      y += (rnd.nextDouble() - 0.5) * size;
      p.quadTo(cx, cy, x, y);
    }
    return AffineTransform.getTranslateInstance(-x / 2, -y / 2).createTransformedShape(p);
  }

  private static Shape blob(double r, Random rnd) {
    int n = 5 + rnd.nextInt(4);
    double[] xs = new double[n];
    double[] ys = new double[n];
    double sx = 0.6 + 0.8 * rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double rr = r * (0.45 + 0.55 * rnd.nextDouble());
      xs[i] = rr * Math.cos(a) * sx;
      ys[i] = rr * Math.sin(a);
    }
    Path2D.Double p = new Path2D.Double();
    p.moveTo((xs[n - 1] + xs[0]) / 2, (ys[n - 1] + ys[0]) / 2);
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      p.quadTo(xs[i], ys[i], (xs[i] + xs[j]) / 2, (ys[i] + ys[j]) / 2);
    }
    p.closePath();
    return p;
  }

  private static Shape irregularPolygon(double r, Random rnd) {
    int n = 4 + rnd.nextInt(5);
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      // jittered angles and radii: never a regular polygon, so never one of the classes
      double a = 2 * Math.PI * (i + 0.6 * (rnd.nextDouble() - 0.5)) / n;
      double rr = r * (0.35 + 0.65 * rnd.nextDouble());
      xs[i] = rr * Math.cos(a);
      ys[i] = rr * Math.sin(a);
    }
    return ShapeClass.polygon(xs, ys);
  }

  private static void antialias(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
  }
}
