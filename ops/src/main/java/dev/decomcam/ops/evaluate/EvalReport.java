package dev.decomcam.ops.evaluate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.decomcam.processor.evaluate.ItemResult;
import dev.decomcam.processor.evaluate.Metric;
import dev.decomcam.processor.evaluate.SubsetSummary;
import dev.decomcam.processor.evaluate.Subsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an evaluation's results: {@code items.csv} (one row per item × method, the columns of
 * {@code EVALUATION.md}), {@code summary.json} (every metric per subset per method with counts,
 * insertion − deletion as the headline, the mean curves) and {@code report.html} ({@link
 * HtmlReport}).
 */
public final class EvalReport {
  /** The CSV columns: those of {@code EVALUATION.md}, then the extras. */
  static final String HEADER =
      "item,method,target,label,correct,confidence,subset,deletion_auc,insertion_auc,ins_minus_del,"
          + "average_drop,increase_in_confidence,pointing_game,energy_pointing_game,"
          + "predicted,temporal_pearson,temporal_iou,after_cut";

  private EvalReport() {}

  /** Writes the three files into {@code out}; {@code about} describes the run (model, input...). */
  public static void write(Path out, Evaluator ev, Map<String, String> about) throws IOException {
    Files.createDirectories(out);
    Files.write(out.resolve("items.csv"), csv(ev.results()));
    JsonObject summary = summary(ev, about);
    Files.writeString(
        out.resolve("summary.json"),
        new GsonBuilder().setPrettyPrinting().create().toJson(summary));
    Files.writeString(out.resolve("report.html"), HtmlReport.html(ev, about));
  }

  static List<String> csv(List<ItemResult> results) {
    List<String> lines = new ArrayList<>(results.size() + 1);
    lines.add(HEADER);
    for (ItemResult r : results) {
      Boolean correct = r.correct();
      lines.add(
          String.join(
              ",",
              quote(r.item()),
              r.method(),
              String.valueOf(r.target()),
              r.label() < 0 ? "" : String.valueOf(r.label()),
              correct == null ? "" : correct.toString(),
              num(r.confidence()),
              r.decile(),
              num(r.deletionAuc()),
              num(r.insertionAuc()),
              num(r.insMinusDel()),
              num(r.averageDrop()),
              num(r.increaseInConfidence()),
              num(r.pointingGame()),
              num(r.energyPointingGame()),
              String.valueOf(r.predicted()),
              num(r.temporalPearson()),
              num(r.temporalIou()),
              String.valueOf(r.afterCut())));
    }
    return lines;
  }

  static JsonObject summary(Evaluator ev, Map<String, String> about) {
    JsonObject root = new JsonObject();
    about.forEach(root::addProperty);
    SubsetSummary s = ev.summary();
    JsonArray methods = new JsonArray();
    ev.methodNames().forEach(methods::add);
    root.add("methods", methods);
    JsonObject headline = new JsonObject();
    JsonObject bySubset = new JsonObject();
    for (String m : ev.methodNames()) {
      JsonObject h = new JsonObject();
      JsonObject subsets = new JsonObject();
      for (String sub : Subsets.all()) {
        SubsetSummary.Cell c = s.cell(m, sub);
        if (c == null) {
          continue;
        }
        h.addProperty(sub, round(c.mean(Metric.INS_MINUS_DEL)));
        JsonObject cell = new JsonObject();
        cell.addProperty("items", c.items());
        cell.addProperty("pairs_left_out", c.pairsLeftOut());
        JsonObject metrics = new JsonObject();
        for (Metric metric : Metric.values()) {
          if (c.count(metric) == 0) {
            continue;
          }
          JsonObject v = new JsonObject();
          v.addProperty("mean", round(c.mean(metric)));
          v.addProperty("n", c.count(metric));
          metrics.add(metric.column(), v);
        }
        cell.add("metrics", metrics);
        subsets.add(sub, cell);
      }
      headline.add(m, h);
      bySubset.add(m, subsets);
    }
    root.add("headline_ins_minus_del", headline);
    root.add("subsets", bySubset);
    JsonObject curves = new JsonObject();
    ev.curves()
        .forEach(
            (m, c) -> {
              JsonObject o = new JsonObject();
              o.add("deletion", array(c.deletion()));
              o.add("insertion", array(c.insertion()));
              curves.add(m, o);
            });
    root.add("mean_curves", curves);
    return root;
  }

  private static JsonArray array(double[] v) {
    JsonArray a = new JsonArray();
    for (double d : v) {
      a.add(round(d));
    }
    return a;
  }

  private static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 1e6) / 1e6;
  }

  static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
