package dev.decomcam.ops.demo;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.List;

/**
 * The demo model's classes: simple filled shapes, each with an outline of unit radius centred on
 * the origin. The order is the model's class index order and the order of {@code labels.txt}.
 */
public enum ShapeClass {
  CIRCLE,
  SQUARE,
  TRIANGLE,
  STAR,
  HEXAGON,
  CROSS;

  /** Label as written in labels.txt and in the ground truth. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Labels in class index order. */
  public static List<String> labels() {
    return java.util.Arrays.stream(values()).map(ShapeClass::label).toList();
  }

  /** The outline, unit radius, centred on the origin, not rotated. */
  public Shape outline() {
    return switch (this) {
      case CIRCLE -> new Ellipse2D.Double(-1, -1, 2, 2);
      // a square of unit circumradius would look small next to the others; 0.8 half-side balances
      // areas
      case SQUARE ->
          polygon(new double[] {-0.8, 0.8, 0.8, -0.8}, new double[] {-0.8, -0.8, 0.8, 0.8});
      case TRIANGLE -> regular(3, 1.0, -Math.PI / 2);
      case STAR -> star(5, 1.0, 0.42);
      case HEXAGON -> regular(6, 1.0, 0);
      case CROSS -> cross(0.95, 0.32);
    };
  }

  private static Shape regular(int n, double r, double phase) {
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      double a = phase + 2 * Math.PI * i / n;
      xs[i] = r * Math.cos(a);
      ys[i] = r * Math.sin(a);
    }
    return polygon(xs, ys);
  }

  private static Shape star(int points, double outer, double inner) {
    double[] xs = new double[2 * points];
    double[] ys = new double[2 * points];
    for (int i = 0; i < 2 * points; i++) {
      double r = i % 2 == 0 ? outer : inner;
      double a = -Math.PI / 2 + Math.PI * i / points;
      xs[i] = r * Math.cos(a);
      ys[i] = r * Math.sin(a);
    }
    return polygon(xs, ys);
  }

  private static Shape cross(double arm, double half) {
    double a = arm;
    double h = half;
    return polygon(
        new double[] {-h, h, h, a, a, h, h, -h, -h, -a, -a, -h},
        new double[] {-a, -a, -h, -h, h, h, a, a, h, h, -h, -h});
  }

  static Shape polygon(double[] xs, double[] ys) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xs[0], ys[0]);
    for (int i = 1; i < xs.length; i++) {
      p.lineTo(xs[i], ys[i]);
    }
    p.closePath();
    return p;
  }
}
