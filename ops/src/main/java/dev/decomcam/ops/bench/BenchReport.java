package dev.decomcam.ops.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's results: per model and video, the SVD microbenchmark, notes on what was skipped,
 * and the acceptance checks. Prints a table and writes {@code bench.json}, whose top-level
 * keys ({@code forward_ms}, {@code full_ms}, {@code streaming_ms}, {@code ratio_full}, {@code
 * ratio_streaming}, {@code fidelity_mean_r}, {@code fidelity_p10_r}, {@code blur_fidelity_mean_r},
 * {@code blur_fidelity_min_r} (full Decom-CAM with streaming's downsampled blur vs with the exact
 * one), {@code stability_full_r}, {@code stability_streaming_r}, {@code id_switch_rate}, {@code
 * svd_full_ms}, {@code svd_warm_ms}, {@code svd_rel_err_gap}) are those of the first model (the
 * ImageNet MobileNetV2 by default), with every model's under {@code models}. With another per-frame
 * method timed as (d), each summary also has {@code extra} ({@code method}, {@code ms}, {@code
 * ratio} d/a, {@code ratio_to_full} d/b, {@code r_to_full} mean r of its map to (b)'s).
 */
public record BenchReport(
    List<ModelResult> models, SvdMicrobench.Result svd, List<String> notes, String command) {

  /**
   * One acceptance point of the issue: what, the measured value, the bound, and whether it held.
   */
  public record Check(String model, String what, String measured, boolean passed) {}

  public BenchReport {
    models = List.copyOf(models);
    notes = List.copyOf(notes);
  }

  /** The acceptance checks the figures allow (a check whose inputs are missing is left out). */
  public List<Check> checks() {
    List<Check> out = new ArrayList<>();
    for (ModelResult m : models) {
      if (m.videos().isEmpty()) {
        continue;
      }
      String id = m.modelId();
      out.add(
          new Check(
              id, "streaming cost c/a <= 2.0", f2(m.ratioStreaming()), m.ratioStreaming() <= 2.0));
      out.add(
          new Check(id, "fidelity mean r >= 0.95", f3(m.fidelityMean()), m.fidelityMean() >= 0.95));
      out.add(
          new Check(id, "fidelity p10 r >= 0.90", f3(m.fidelityP10()), m.fidelityP10() >= 0.90));
      out.add(
          new Check(
              id,
              "stability streaming >= full",
              f3(m.stabilityStreaming()) + " vs " + f3(m.stabilityFull()),
              m.stabilityStreaming() >= m.stabilityFull()));
      for (VideoResult v : m.videos()) {
        if (v.video().contains("pan")) {
          out.add(
              new Check(
                  id,
                  "id switches < 5% on " + v.video(),
                  pct(v.idSwitchRate()),
                  v.idSwitchRate() < 0.05));
        }
      }
      if (m.hardCut() != null && m.hardCut().cut() != null) {
        CutCheck c = m.hardCut().cut();
        out.add(
            new Check(
                id,
                "hard cut " + m.hardCut().video() + ": old ids vanish, new appear within 1 frame",
                "reset at " + c.resetFrame() + ", cut at " + c.cutFrame(),
                c.passed()));
      }
    }
    if (svd != null) {
      out.add(
          new Check(
              "-",
              "svd warm >= 10x faster than full",
              String.format(Locale.ROOT, "%.1fx", svd.speedup()),
              svd.speedup() >= 10));
      out.add(
          new Check(
              "-",
              "svd rel. error gap <= 1e-4",
              String.format(Locale.ROOT, "%.2e", svd.relErrGap()),
              svd.relErrGap() <= 1e-4));
    }
    return out;
  }

  public void print(PrintStream out) {
    out.println();
    out.println("bench: " + command);
    for (ModelResult m : models) {
      out.printf(Locale.ROOT, "%nmodel %s (%s, %s)%n", m.modelId(), m.engine(), m.spec());
      out.printf(
          Locale.ROOT,
          "%-20s %6s %8s %9s %9s %6s %5s %7s %6s %6s %9s %9s %9s %6s%n",
          "video",
          "frames",
          "(a) ms",
          "(b) ms",
          "(c) ms",
          "b/a",
          "c/a",
          "mfwd/f",
          "r mean",
          "r p10",
          "stab full",
          "stab str",
          "id switch",
          "resets");
      for (VideoResult v : m.videos()) {
        row(
            out,
            v.video(),
            v.frames(),
            Stats.mean(v.forwardMs()),
            Stats.mean(v.fullMs()),
            Stats.mean(v.streamingMs()),
            (double) v.maskedForwards() / v.frames(),
            Stats.mean(v.fidelity()),
            Stats.percentile(v.fidelity(), 10),
            Stats.mean(v.stabilityFull()),
            Stats.mean(v.stabilityStreaming()),
            v.idSwitched() + "/" + v.idCompared(),
            v.resets() + (v.targetChanges() > 0 ? " (" + v.targetChanges() + " cls)" : ""));
      }
      if (m.extraMethod() != null) {
        for (VideoResult v : m.videos()) {
          extraRow(out, m.extraMethod(), v);
        }
      }
      for (VideoResult v : m.videos()) {
        out.printf(Locale.ROOT, "  %s streaming stages ms/frame:", v.video());
        v.streamingStagesMs().forEach((k, x) -> out.printf(Locale.ROOT, " %s %.2f", k, x));
        out.println();
      }
      for (VideoResult v : m.videos()) {
        out.printf(
            Locale.ROOT,
            "  %s blur fidelity, r of (b) with streaming's downsampled blur to (b): mean %.6f, "
                + "min %.6f%n",
            v.video(),
            Stats.mean(v.blurFidelity()),
            Stats.percentile(v.blurFidelity(), 0));
      }
      if (!m.videos().isEmpty()) {
        int compared = m.videos().stream().mapToInt(VideoResult::idCompared).sum();
        int switched = m.videos().stream().mapToInt(VideoResult::idSwitched).sum();
        row(
            out,
            "all videos",
            m.frames(),
            m.forwardMs(),
            m.fullMs(),
            m.streamingMs(),
            m.maskedForwardsPerFrame(),
            m.fidelityMean(),
            m.fidelityP10(),
            m.stabilityFull(),
            m.stabilityStreaming(),
            switched + "/" + compared,
            String.valueOf(m.videos().stream().mapToInt(VideoResult::resets).sum()));
      }
      FrameBatchBench.Result fb = m.frameBatch();
      if (fb != null) {
        out.printf(
            Locale.ROOT,
            "frames of several cameras (batch.frames): %d in one forward %.2f ms/frame, one by one "
                + "%.2f ms/frame, %.2fx; auto batching %s%n",
            fb.frames(),
            fb.batchedMs(),
            fb.singleMs(),
            fb.speedup(),
            fb.auto() ? "on" : "off (under 1.15x at load)");
      }
      VideoResult h = m.hardCut();
      if (h != null) {
        row(
            out,
            h.video(),
            h.frames(),
            Stats.mean(h.forwardMs()),
            Stats.mean(h.fullMs()),
            Stats.mean(h.streamingMs()),
            (double) h.maskedForwards() / h.frames(),
            Stats.mean(h.fidelity()),
            Stats.percentile(h.fidelity(), 10),
            Stats.mean(h.stabilityFull()),
            Stats.mean(h.stabilityStreaming()),
            h.idSwitched() + "/" + h.idCompared(),
            String.valueOf(h.resets()));
        if (h.cut() != null) {
          CutCheck c = h.cut();
          out.printf(
              Locale.ROOT,
              "hard cut at frame %d: reset at %d, old ids %s -> %s; events:%n",
              c.cutFrame(),
              c.resetFrame(),
              c.oldIds(),
              c.passed() ? "all VANISHED, new APPEARED" : "NOT all replaced");
          c.events().forEach(e -> out.println("  " + e));
        }
      }
    }
    if (svd != null) {
      out.printf(
          Locale.ROOT,
          "%nsvd %dx%d top %d: full %.1f ms, warm %.1f ms (%d iterations), %.1fx; rel. "
              + "reconstruction error full %.6f warm %.6f, gap %.2e%n",
          svd.rows(),
          svd.cols(),
          svd.components(),
          svd.fullMs(),
          svd.warmMs(),
          svd.warmIterations(),
          svd.speedup(),
          svd.fullRelErr(),
          svd.warmRelErr(),
          svd.relErrGap());
    }
    out.println();
    out.println(
        "(a) forward + gradient, (b) + full Decom-CAM (exact Gram SVD, exact blur), (c) + streaming"
            + " Decom-CAM, ms per frame; mfwd/f: masked forwards per frame of (c); r: Pearson r of"
            + " (c) to (b); stab: r between consecutive maps; id switch: frames where a component"
            + " with >= 5% energy and |cos| >= 0.8 to a previous one changed id / frames compared;"
            + " resets: streaming resets after the first frame (cls: top-1 class changes)");
    notes.forEach(n -> out.println("note: " + n));
    out.println();
    out.println("acceptance:");
    for (Check c : checks()) {
      out.printf(
          Locale.ROOT,
          "  %-4s %-28s %-62s %s%n",
          c.passed() ? "PASS" : "FAIL",
          c.model(),
          c.what(),
          c.measured());
    }
  }

  /** (d)'s line for one video: ms per frame beside (a) and (b), and r of its map to (b)'s. */
  private static void extraRow(PrintStream out, String method, VideoResult v) {
    double d = Stats.mean(v.extraMs());
    out.printf(
        Locale.ROOT,
        "  %s (d) forward + %s: %.1f ms/frame over %d frames, d/a %.1f, d/b %.1f (beside full"
            + " Decom-CAM %.1f ms), r of (d) to (b) %.3f%n",
        v.video(),
        method,
        d,
        v.extraMs().length,
        d / Stats.mean(v.forwardMs()),
        d / Stats.mean(v.fullMs()),
        Stats.mean(v.fullMs()),
        Stats.mean(v.extraR()));
  }

  private static void row(
      PrintStream out,
      String name,
      int frames,
      double a,
      double b,
      double c,
      double mfwd,
      double rMean,
      double rP10,
      double stabFull,
      double stabStr,
      String ids,
      String resets) {
    out.printf(
        Locale.ROOT,
        "%-20s %6d %8.1f %9.1f %9.1f %6.2f %5.2f %7.2f %6.3f %6.3f %9.3f %9.3f %9s %6s%n",
        name.length() > 20 ? name.substring(0, 20) : name,
        frames,
        a,
        b,
        c,
        b / a,
        c / a,
        mfwd,
        rMean,
        rP10,
        stabFull,
        stabStr,
        ids,
        resets);
  }

  /** Writes {@code bench.json} into {@code dir} and returns its path. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("bench.json");
    Files.writeString(
        file,
        new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create()
            .toJson(toJson()));
    return file;
  }

  public JsonObject toJson() {
    JsonObject root = new JsonObject();
    root.addProperty("command", command);
    ModelResult first = models.stream().filter(m -> !m.videos().isEmpty()).findFirst().orElse(null);
    if (first != null) {
      root.addProperty("model", first.modelId());
      summary(root, first);
    }
    if (svd != null) {
      root.addProperty("svd_full_ms", svd.fullMs());
      root.addProperty("svd_warm_ms", svd.warmMs());
      root.addProperty("svd_rel_err_gap", svd.relErrGap());
      JsonObject s = new JsonObject();
      s.addProperty("rows", svd.rows());
      s.addProperty("cols", svd.cols());
      s.addProperty("components", svd.components());
      s.addProperty("speedup", svd.speedup());
      s.addProperty("full_rel_err", svd.fullRelErr());
      s.addProperty("warm_rel_err", svd.warmRelErr());
      s.addProperty("warm_iterations", svd.warmIterations());
      root.add("svd", s);
    }
    JsonArray ms = new JsonArray();
    for (ModelResult m : models) {
      JsonObject o = new JsonObject();
      o.addProperty("model", m.modelId());
      o.addProperty("spec", m.spec());
      o.addProperty("engine", m.engine());
      if (!m.videos().isEmpty()) {
        summary(o, m);
      }
      JsonArray vs = new JsonArray();
      m.videos().forEach(v -> vs.add(video(v)));
      o.add("videos", vs);
      if (m.hardCut() != null) {
        o.add("hard_cut", video(m.hardCut()));
      }
      if (m.frameBatch() != null) {
        JsonObject b = new JsonObject();
        b.addProperty("frames", m.frameBatch().frames());
        b.addProperty("batched_ms_per_frame", m.frameBatch().batchedMs());
        b.addProperty("single_ms_per_frame", m.frameBatch().singleMs());
        b.addProperty("speedup", m.frameBatch().speedup());
        b.addProperty("auto_batching", m.frameBatch().auto());
        o.add("frame_batch", b);
      }
      ms.add(o);
    }
    root.add("models", ms);
    JsonArray checks = new JsonArray();
    for (Check c : checks()) {
      JsonObject o = new JsonObject();
      o.addProperty("model", c.model());
      o.addProperty("check", c.what());
      o.addProperty("measured", c.measured());
      o.addProperty("passed", c.passed());
      checks.add(o);
    }
    root.add("acceptance", checks);
    JsonArray n = new JsonArray();
    notes.forEach(n::add);
    root.add("notes", n);
    return root;
  }

  private static void summary(JsonObject o, ModelResult m) {
    o.addProperty("frames", m.frames());
    o.addProperty("forward_ms", m.forwardMs());
    o.addProperty("full_ms", m.fullMs());
    o.addProperty("streaming_ms", m.streamingMs());
    o.addProperty("ratio_full", m.ratioFull());
    o.addProperty("ratio_streaming", m.ratioStreaming());
    o.addProperty("masked_forwards_per_frame", m.maskedForwardsPerFrame());
    o.addProperty("fidelity_mean_r", m.fidelityMean());
    o.addProperty("fidelity_p10_r", m.fidelityP10());
    o.addProperty("blur_fidelity_mean_r", m.blurFidelityMean());
    o.addProperty("blur_fidelity_min_r", m.blurFidelityMin());
    o.addProperty("stability_full_r", m.stabilityFull());
    o.addProperty("stability_streaming_r", m.stabilityStreaming());
    o.addProperty("id_switch_rate", m.idSwitchRate());
    if (m.extraMethod() != null) {
      o.add("extra", extra(m.extraMethod(), m.extraMs(), m.forwardMs(), m.fullMs(), m.extraR()));
    }
  }

  private static JsonObject extra(String method, double ms, double a, double b, double r) {
    JsonObject e = new JsonObject();
    if (method != null) {
      e.addProperty("method", method);
    }
    e.addProperty("ms", ms);
    e.addProperty("ratio", ms / a);
    e.addProperty("ratio_to_full", ms / b);
    e.addProperty("r_to_full", r);
    return e;
  }

  private static JsonObject video(VideoResult v) {
    JsonObject o = new JsonObject();
    o.addProperty("video", v.video());
    o.addProperty("frames", v.frames());
    o.addProperty("forward_ms", Stats.mean(v.forwardMs()));
    o.addProperty("full_ms", Stats.mean(v.fullMs()));
    o.addProperty("streaming_ms", Stats.mean(v.streamingMs()));
    o.addProperty("ratio_full", v.ratioFull());
    o.addProperty("ratio_streaming", v.ratioStreaming());
    o.addProperty("masked_forwards_per_frame", (double) v.maskedForwards() / v.frames());
    o.addProperty("fidelity_mean_r", Stats.mean(v.fidelity()));
    o.addProperty("fidelity_p10_r", Stats.percentile(v.fidelity(), 10));
    o.addProperty("blur_fidelity_mean_r", Stats.mean(v.blurFidelity()));
    o.addProperty("blur_fidelity_min_r", Stats.percentile(v.blurFidelity(), 0));
    o.addProperty("stability_full_r", Stats.mean(v.stabilityFull()));
    o.addProperty("stability_streaming_r", Stats.mean(v.stabilityStreaming()));
    o.addProperty("id_switch_rate", v.idSwitchRate());
    o.addProperty("id_switch_frames", v.idSwitched());
    o.addProperty("id_compared_frames", v.idCompared());
    o.addProperty("resets", v.resets());
    o.addProperty("target_changes", v.targetChanges());
    JsonObject st = new JsonObject();
    v.streamingStagesMs().forEach(st::addProperty);
    o.add("streaming_stages_ms", st);
    JsonObject by = new JsonObject();
    v.scoredBy().forEach((k, n) -> by.addProperty(k, (double) n / Math.max(1, v.frames())));
    o.add("masked_forwards_per_frame_by_cause", by);
    if (v.extraMs().length > 0) {
      double a = Stats.mean(v.forwardMs());
      double b = Stats.mean(v.fullMs());
      o.add("extra", extra(null, Stats.mean(v.extraMs()), a, b, Stats.mean(v.extraR())));
    }
    if (v.cut() != null) {
      JsonObject c = new JsonObject();
      c.addProperty("cut_frame", v.cut().cutFrame());
      c.addProperty("reset_frame", v.cut().resetFrame());
      JsonArray ids = new JsonArray();
      v.cut().oldIds().forEach(ids::add);
      c.add("old_ids", ids);
      JsonArray ev = new JsonArray();
      v.cut().events().forEach(ev::add);
      c.add("events", ev);
      c.addProperty("passed", v.cut().passed());
      o.add("cut", c);
    }
    return o;
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
