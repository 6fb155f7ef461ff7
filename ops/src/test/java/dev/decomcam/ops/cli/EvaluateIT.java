package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ops.demo.DemoVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./decomcam evaluate} end to end on the bundled demo model: the bundled shapes set (CSV,
 * JSON and HTML written, sane figures) and a short demo video (temporal stability, scene cuts).
 */
class EvaluateIT {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final String MODEL = ROOT.resolve("models/demo-shapes/spec.json").toString();

  @Test
  void bundledSetGivesInsertionAboveDeletionAndPointingWellAboveChance(@TempDir Path out)
      throws Exception {
    int rc =
        run(
            "--model",
            MODEL,
            "--methods",
            "decomcam,gradcam",
            "--bundled-items",
            "18",
            "--steps",
            "112",
            "--out",
            out.toString());
    assertEquals(0, rc);
    List<String> csv = Files.readAllLines(out.resolve("items.csv"));
    assertTrue(
        csv.get(0)
            .startsWith(
                "item,method,target,label,correct,confidence,subset,deletion_auc,insertion_auc,"
                    + "ins_minus_del,average_drop,increase_in_confidence,pointing_game,"
                    + "energy_pointing_game"),
        csv.get(0));
    assertEquals(1 + 18 * 2, csv.size());
    JsonObject summary =
        JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
    // chance of the pointing game: the share of the frame the boxes cover, on average
    double chance = boxShare(out.resolve("bundled-set/labels.csv"));
    for (String method : List.of("decomcam", "gradcam")) {
      JsonObject overall =
          summary.getAsJsonObject("subsets").getAsJsonObject(method).getAsJsonObject("overall");
      assertEquals(18, overall.get("items").getAsInt());
      JsonObject m = overall.getAsJsonObject("metrics");
      double ins = mean(m, "insertion_auc");
      double del = mean(m, "deletion_auc");
      double pg = mean(m, "pointing_game");
      System.out.printf(
          "%s: insertion %.3f deletion %.3f pointing %.3f (chance %.3f) energy %.3f%n",
          method, ins, del, pg, chance, mean(m, "energy_pointing_game"));
      assertTrue(ins > del + 0.3, method + ": insertion " + ins + " vs deletion " + del);
      assertTrue(pg > chance + 0.3, method + ": pointing game " + pg + " vs chance " + chance);
      assertTrue(mean(m, "energy_pointing_game") > chance, method + ": energy pointing game");
      double avgDrop = mean(m, "average_drop");
      assertTrue(avgDrop >= 0 && avgDrop <= 100, method + ": average drop " + avgDrop);
      assertTrue(
          summary.getAsJsonObject("headline_ins_minus_del").getAsJsonObject(method).has("overall"));
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<svg") && html.contains("<polyline"), "plots in the report");
    assertTrue(html.contains("data:image/png;base64,"), "example overlays in the report");
  }

  @Test
  void videoScoresTemporalStabilityAndLeavesOutPairsAcrossCuts(@TempDir Path dir) throws Exception {
    Path video = dir.resolve("clip.mp4");
    DemoVideo.generate(video, dir.resolve("clip.groundtruth.json"), 5, 56); // a cut at frame 50
    Path out = dir.resolve("out");
    int rc =
        run(
            "--model",
            MODEL,
            "--input",
            video.toString(),
            "--methods",
            "gradcam",
            "--every",
            "4",
            "--steps",
            "28",
            "--out",
            out.toString());
    assertEquals(0, rc);
    List<String> csv = Files.readAllLines(out.resolve("items.csv"));
    assertEquals(1 + 14, csv.size()); // frames 0, 4, ..., 52
    assertTrue(csv.get(1).startsWith("clip#0,gradcam,"), csv.get(1));
    JsonObject overall =
        JsonParser.parseString(Files.readString(out.resolve("summary.json")))
            .getAsJsonObject()
            .getAsJsonObject("subsets")
            .getAsJsonObject("gradcam")
            .getAsJsonObject("overall");
    assertEquals(1, overall.get("pairs_left_out").getAsInt()); // 48 -> 52 crosses the cut at 50
    JsonObject m = overall.getAsJsonObject("metrics");
    assertEquals(12, m.getAsJsonObject("temporal_pearson").get("n").getAsInt());
    double r = mean(m, "temporal_pearson");
    double iou = mean(m, "temporal_iou");
    System.out.printf("video: temporal r %.3f, top-20%% IoU %.3f%n", r, iou);
    assertTrue(r > 0.3 && r <= 1, "consecutive maps of a slow scene correlate: " + r);
    assertTrue(iou > 0.2 && iou <= 1, "top regions overlap: " + iou);
  }

  private static double mean(JsonObject metrics, String name) {
    return metrics.getAsJsonObject(name).get("mean").getAsDouble();
  }

  private static double boxShare(Path labels) throws Exception {
    List<String> lines = Files.readAllLines(labels);
    double sum = 0;
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      double w = Integer.parseInt(f[4]) - Integer.parseInt(f[2]) + 1;
      double h = Integer.parseInt(f[5]) - Integer.parseInt(f[3]) + 1;
      sum += w * h / (320.0 * 240.0);
    }
    return sum / (lines.size() - 1);
  }

  private static int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "evaluate";
    System.arraycopy(args, 0, all, 1, args.length);
    return Decomcam.run(all);
  }
}
