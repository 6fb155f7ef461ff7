package dev.decomcam.ops.evaluate;

import dev.decomcam.processor.evaluate.Metric;
import dev.decomcam.processor.evaluate.SubsetSummary;
import dev.decomcam.processor.evaluate.Subsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report: the headline (insertion − deletion per subset per method), every
 * metric per subset per method as grouped bars, the mean deletion and insertion curves, example
 * overlays per subset (embedded PNGs), and the figures as tables. Plots are inline SVG.
 */
final class HtmlReport {
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"
  };

  private HtmlReport() {}

  static String html(Evaluator ev, Map<String, String> about) {
    SubsetSummary s = ev.summary();
    List<String> methods = ev.methodNames();
    List<String> subsets = new ArrayList<>();
    for (String sub : Subsets.all()) {
      if (methods.stream().anyMatch(m -> s.cell(m, sub) != null)) {
        subsets.add(sub);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>DecomCAM evaluation</title>")
        .append("<style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:right;font-size:13px}th{background:#f3f3f3}")
        .append("td:first-child,th:first-child{text-align:left}.ex{display:inline-block;")
        .append("margin:6px;text-align:center;font-size:12px;vertical-align:top}")
        .append(".ex img{width:160px;image-rendering:pixelated;display:block;margin:2px}")
        .append("svg{margin:6px 0}</style></head><body>\n");
    b.append("<h1>DecomCAM Live: evaluation</h1>\n<table>");
    about.forEach(
        (k, v) ->
            b.append("<tr><th>")
                .append(esc(k))
                .append("</th><td>")
                .append(esc(v))
                .append("</td></tr>"));
    b.append("</table>\n");
    b.append("<p>Subsets (the Decom-CAM protocol): <b>overall</b>; <b>correct</b>/<b>wrong</b>: ")
        .append("prediction equals the label (labelled items only); <b>conf a-b</b>: softmax ")
        .append("probability of the predicted class in [a, b). Conventions: EVALUATION.md.</p>\n");
    b.append("<h2>Headline: insertion − deletion AUC</h2>\n");
    b.append(bars(Metric.INS_MINUS_DEL, s, methods, subsets));
    b.append(table(Metric.INS_MINUS_DEL, s, methods, subsets));
    b.append("<h2>Mean deletion and insertion curves (overall)</h2>\n");
    b.append(curves(ev, methods, true)).append(curves(ev, methods, false));
    b.append("<h2>Every metric per subset</h2>\n");
    for (Metric m : Metric.values()) {
      if (m == Metric.INS_MINUS_DEL) {
        continue;
      }
      boolean any =
          methods.stream()
              .anyMatch(
                  me ->
                      s.cell(me, Subsets.OVERALL) != null
                          && s.cell(me, Subsets.OVERALL).count(m) > 0);
      if (!any) {
        continue;
      }
      b.append("<h3>").append(m.column()).append("</h3>\n");
      b.append(bars(m, s, methods, subsets)).append(table(m, s, methods, subsets));
    }
    b.append(
            "<h2 id=\"examples\">Examples per subset</h2>\n"
                + "<p>The model's input with each method's map ")
        .append("(blue low, red high) and the object's box in white.</p>\n");
    for (Evaluator.Example e : ev.examples()) {
      b.append("<h3>").append(esc(e.subset())).append(": ").append(esc(e.item())).append("</h3>");
      e.overlayPngByMethod()
          .forEach(
              (m, png) ->
                  b.append("<div class=\"ex\"><img alt=\"")
                      .append(esc(m))
                      .append("\" src=\"data:image/png;base64,")
                      .append(Base64.getEncoder().encodeToString(png))
                      .append("\">")
                      .append(esc(m))
                      .append("</div>"));
      b.append('\n');
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  /** Grouped bars: one group per subset, one bar per method. */
  static String bars(Metric metric, SubsetSummary s, List<String> methods, List<String> subsets) {
    int groupW = Math.max(40, 14 * methods.size() + 16);
    int left = 56;
    int top = 24;
    int plotH = 200;
    int width = left + groupW * subsets.size() + 160;
    int height = top + plotH + 70;
    double lo = 0;
    double hi = 0;
    for (String m : methods) {
      for (String sub : subsets) {
        double v = value(s, m, sub, metric);
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (hi - lo < 1e-9) {
      hi = lo + 1;
    }
    double pad = 0.05 * (hi - lo);
    hi += pad;
    lo = lo < 0 ? lo - pad : lo;
    StringBuilder b = svgStart(width, height);
    double[] ticks = ticks(lo, hi);
    for (double t : ticks) {
      double y = top + plotH * (hi - t) / (hi - lo);
      b.append(line(left, y, width - 150, y, "#e5e5e5"))
          .append(text(left - 4, y + 4, fmt(t), "end", 11));
    }
    double zero = top + plotH * (hi - 0) / (hi - lo);
    b.append(line(left, zero, width - 150, zero, "#444"));
    for (int g = 0; g < subsets.size(); g++) {
      int gx = left + g * groupW + 8;
      for (int k = 0; k < methods.size(); k++) {
        double v = value(s, methods.get(k), subsets.get(g), metric);
        if (Double.isNaN(v)) {
          continue;
        }
        double y = top + plotH * (hi - v) / (hi - lo);
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %s</title></rect>",
                gx + 14 * k,
                Math.min(y, zero),
                Math.max(0.5, Math.abs(zero - y)),
                COLOURS[k % COLOURS.length],
                esc(methods.get(k)),
                esc(subsets.get(g)),
                fmt(v)));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" "
                  + "transform=\"rotate(-35 %d %d)\">%s</text>",
              gx + groupW / 2,
              top + plotH + 14,
              gx + groupW / 2,
              top + plotH + 14,
              esc(subsets.get(g))));
    }
    b.append(text(left, 14, metric.column(), "start", 13));
    legend(b, methods, width - 140, top);
    return b.append("</svg>\n").toString();
  }

  /** Mean curves of every method, x = fraction of pixels changed. */
  static String curves(Evaluator ev, List<String> methods, boolean deletion) {
    int left = 56;
    int top = 24;
    int plotW = 420;
    int plotH = 220;
    int width = left + plotW + 160;
    int height = top + plotH + 44;
    double hi = 0;
    for (String m : methods) {
      Evaluator.MeanCurves c = ev.curves().get(m);
      if (c != null) {
        for (double v : deletion ? c.deletion() : c.insertion()) {
          hi = Math.max(hi, v);
        }
      }
    }
    hi = hi <= 0 ? 1 : hi * 1.05;
    StringBuilder b = svgStart(width, height);
    for (double t : ticks(0, hi)) {
      double y = top + plotH * (hi - t) / hi;
      b.append(line(left, y, left + plotW, y, "#e5e5e5"))
          .append(text(left - 4, y + 4, fmt(t), "end", 11));
    }
    for (int i = 0; i <= 4; i++) {
      double x = left + plotW * i / 4.0;
      b.append(line(x, top + plotH, x, top + plotH + 4, "#444"))
          .append(text(x, top + plotH + 16, fmt(i / 4.0), "middle", 11));
    }
    b.append(line(left, top + plotH, left + plotW, top + plotH, "#444"))
        .append(line(left, top, left, top + plotH, "#444"));
    for (int k = 0; k < methods.size(); k++) {
      Evaluator.MeanCurves c = ev.curves().get(methods.get(k));
      if (c == null) {
        continue;
      }
      double[] v = deletion ? c.deletion() : c.insertion();
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        pts.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                left + plotW * i / (double) (v.length - 1),
                top + plotH * (hi - v[i]) / hi));
      }
      b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(COLOURS[k % COLOURS.length])
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
    }
    b.append(
        text(
            left,
            14,
            (deletion ? "deletion" : "insertion") + ": target score vs fraction of pixels changed",
            "start",
            13));
    legend(b, methods, left + plotW + 16, top);
    return b.append("</svg>\n").toString();
  }

  static String table(Metric metric, SubsetSummary s, List<String> methods, List<String> subsets) {
    StringBuilder b = new StringBuilder("<table><tr><th>subset</th>");
    for (String m : methods) {
      b.append("<th>").append(esc(m)).append("</th>");
    }
    b.append("<th>items</th></tr>");
    for (String sub : subsets) {
      b.append("<tr><td>").append(esc(sub)).append("</td>");
      int items = 0;
      for (String m : methods) {
        SubsetSummary.Cell c = s.cell(m, sub);
        double v = value(s, m, sub, metric);
        b.append("<td>")
            .append(Double.isNaN(v) ? "" : fmt(v))
            .append(c == null ? "" : " <small>(n " + c.count(metric) + ")</small>")
            .append("</td>");
        items = Math.max(items, c == null ? 0 : c.items());
      }
      b.append("<td>").append(items).append("</td></tr>");
    }
    return b.append("</table>\n").toString();
  }

  private static double value(SubsetSummary s, String method, String subset, Metric m) {
    SubsetSummary.Cell c = s.cell(method, subset);
    return c == null ? Double.NaN : c.mean(m);
  }

  private static void legend(StringBuilder b, List<String> methods, int x, int y) {
    for (int k = 0; k < methods.size(); k++) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              x,
              y + 18 * k,
              COLOURS[k % COLOURS.length]));
      b.append(text(x + 18, y + 18 * k + 10, methods.get(k), "start", 12));
    }
  }

  private static StringBuilder svgStart(int w, int h) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\">",
            w,
            h));
  }

  private static String line(double x0, double y0, double x1, double y1, String colour) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
        x0,
        y0,
        x1,
        y1,
        colour);
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        size,
        anchor,
        esc(s));
  }

  /** About five round tick values covering [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    double first = Math.ceil(lo / step) * step;
    List<Double> out = new ArrayList<>();
    for (double t = first; t <= hi + 1e-9; t += step) {
      out.add(Math.abs(t) < 1e-12 ? 0 : t);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
