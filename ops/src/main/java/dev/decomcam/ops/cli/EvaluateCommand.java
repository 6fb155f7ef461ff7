package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import dev.decomcam.ops.evaluate.BundledSet;
import dev.decomcam.ops.evaluate.EvalReport;
import dev.decomcam.ops.evaluate.EvalSet;
import dev.decomcam.ops.evaluate.Evaluator;
import dev.decomcam.ops.evaluate.ProgressBar;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.processor.evaluate.Baseline;
import dev.decomcam.processor.evaluate.Metric;
import dev.decomcam.processor.evaluate.PixelPerturbation;
import dev.decomcam.processor.evaluate.SubsetSummary;
import dev.decomcam.processor.evaluate.Subsets;
import dev.decomcam.processor.topology.ProcessorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./decomcam evaluate}: scores saliency methods on a labelled image set or video by the
 * conventions of {@code EVALUATION.md} (deletion/insertion, average drop and increase in
 * confidence, pointing games, temporal stability), per subset of the Decom-CAM protocol, and writes
 * {@code items.csv}, {@code summary.json} and {@code report.html}. Without {@code --input} it
 * generates the bundled shapes set and scores the bundled demo model.
 */
final class EvaluateCommand implements Command {

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "score saliency methods on labelled images or video (deletion/insertion, pointing game)";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam evaluate [--model SPEC] [--input FOLDER|CSV|VIDEO] [--methods decomcam,gradcam]
                               [--out DIR] [--resize center-crop|stretch|none] [--key value ...]

    Input: a folder with one sub-folder of images per class (named by class name or index); a CSV
    with header path,label[,x0,y0,x1,y1] (paths relative to the CSV, label a class index or name,
    box inclusive in image pixels); or a video with NAME.groundtruth.json beside it (per-frame class
    and box, as ./decomcam demo-video writes; a class change marks a scene cut). Without --input:
    the bundled set, scenes of the demo model's held-out shapes written to OUT/bundled-set.
    Writes to OUT: items.csv (one row per item x method), summary.json (every metric per subset per
    method, insertion - deletion as the headline) and report.html (plots, examples).
    Subsets: overall, correct/wrong (labelled items), and deciles of the predicted class's
    probability. Conventions (pixel order, steps, baselines, AUC) as in EVALUATION.md.

    """
        + settings().toHelp()
        + """

        example: ./decomcam evaluate --model models/mobilenetv2-imagenet.spec.json \\
                   --input photos.csv --methods decomcam,gradcam --out out/eval-photos\
        """;
  }

  @Override
  public ConfigDef settings() {
    ConfigDef processor = ProcessorConfig.DEF;
    Path root = Path.of(System.getProperty("decomcam.root", "."));
    return new ConfigDef(null)
        .define(
            Setting.text(
                    "model",
                    root.resolve("models/demo-shapes/spec.json").toString(),
                    "model spec to explain")
                .shownAs("models/demo-shapes/spec.json"))
        .define(
            Setting.text(
                    "input", "", "a folder per class, a CSV or a video; empty: the bundled set")
                .shownAs("the bundled set"))
        .define(
            Setting.text(
                "methods",
                "decomcam,gradcam",
                "saliency methods to compare, comma-separated (names as --method of explain)"))
        .define(Setting.text("out", "out/evaluate", "output folder"))
        .define(
            Setting.choice(
                ProcessorConfig.MODE,
                "full",
                "full: every item on its own; streaming: items (a video's frames) as one stream",
                "full",
                "streaming"))
        .define(
            Setting.parsed(
                "resize",
                null,
                "as in the spec",
                ResizeMode.choices(),
                (key, v) -> v,
                "how images are fitted to the model's input (none feeds them as they are),"
                    + " overriding the spec's"))
        .define(
            Setting.parsed(
                "engine",
                null,
                "as in the spec",
                EngineKind.choices(),
                (key, v) -> v,
                "inference engine, overriding the spec's"))
        .define(processor.setting(ProcessorConfig.TARGET))
        .define(
            Setting.parsed(
                "deletion-baseline",
                Baseline.ZERO,
                "zero",
                Baseline.choices(),
                (key, v) -> baseline(key, v),
                "what deletion puts in place of removed pixels"))
        .define(
            Setting.parsed(
                "insertion-baseline",
                Baseline.BLUR,
                "blur",
                Baseline.choices(),
                (key, v) -> baseline(key, v),
                "what insertion starts from"))
        .define(
            Setting.integer(
                "steps", PixelPerturbation.N_STEPS, 1, 1 << 20, "deletion/insertion steps"))
        .define(Setting.integer("tolerance", 0, 0, 1 << 16, "pointing-game tolerance in pixels"))
        .define(
            Setting.choice(
                "score",
                "probability",
                "target score of the curves and confidence change: softmax probability or logit",
                "probability",
                "logit"))
        .define(Setting.integer("every", 1, 1, 1 << 20, "score every Nth frame of a video"))
        .define(
            Setting.integer(
                "max-items",
                0,
                0,
                Integer.MAX_VALUE,
                "stop after N items (images or frames); 0 = all"))
        .define(
            Setting.integer(
                "bundled-items", 60, 1, 10_000, "scenes in the bundled set (without --input)"))
        .define(processor.setting(ProcessorConfig.NATIVE_THREADS).as("threads"))
        .define(processor.setting(ProcessorConfig.COMPONENTS).as("components"))
        .define(processor.setting(ProcessorConfig.TOP_K).as("topk"));
  }

  private static Baseline baseline(String key, String v) {
    return Baseline.parse(v)
        .orElseThrow(
            () ->
                new ConfigError(
                    "config key '"
                        + key
                        + "' = '"
                        + v
                        + "' is invalid: set one of "
                        + Baseline.choices()));
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = settings().parse(Settings.merge(null, null, Map.of(), flags.options()));
    Path out = Path.of(s.string("out"));
    List<String> names = new ArrayList<>();
    for (String m : s.string("methods").split(",")) {
      if (!m.isBlank() && !names.contains(m.trim())) {
        names.add(m.trim());
      }
    }
    if (names.isEmpty()) {
      throw new UserError("--methods is empty: name at least one method, e.g. decomcam,gradcam");
    }
    // every name resolves where the processor resolves --method
    Map<String, ProcessorConfig> configs = new LinkedHashMap<>();
    for (String m : names) {
      configs.put(m, processorConfig(s, m));
    }
    Path input;
    String inputText = s.string("input");
    if (inputText.isBlank()) {
      input = BundledSet.write(out.resolve("bundled-set"), s.integer("bundled-items"));
      System.out.printf(
          "evaluate: bundled set of %d scenes in %s%n",
          s.integer("bundled-items"), input.getParent());
    } else {
      input = Path.of(inputText);
      if (!Files.exists(input)) {
        throw new UserError(
            "input not found: " + input + ": pass a folder per class, a CSV or a video");
      }
    }
    ProcessorConfig first = configs.values().iterator().next();
    Evaluator.Options options =
        new Evaluator.Options(
            s.integer("steps"),
            (Baseline) s.asMap().get("deletion-baseline"),
            (Baseline) s.asMap().get("insertion-baseline"),
            s.integer("tolerance"),
            s.string("score").equals("logit"));
    try (ExplainableModel model = ModelLoader.load(first.modelSpec(), first.engineOptions())) {
      EvalSet set;
      try {
        set =
            EvalSet.open(input, model.spec().labels(), s.integer("every"), s.integer("max-items"));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      Map<String, SaliencyMethod<?>> methods = new LinkedHashMap<>();
      configs.forEach((m, c) -> methods.put(m, c.newMethod()));
      Evaluator ev = new Evaluator(model, methods, first.target(), options);
      ProgressBar bar = new ProgressBar(System.err, "items", set.size(), System.console() != null);
      int[] done = {0};
      bar.update(0, "");
      set.forEach(
          item -> {
            ev.add(item);
            bar.update(++done[0], item.name());
          });
      bar.finish();
      Map<String, String> about = new LinkedHashMap<>();
      about.put("model", model.spec().id());
      about.put("input", inputText.isBlank() ? "bundled set (" + input + ")" : input.toString());
      about.put("items", String.valueOf(done[0]));
      about.put("mode", s.string(ProcessorConfig.MODE));
      about.put("n_steps", String.valueOf(options.nSteps()));
      about.put("deletion_baseline", options.deletion().id());
      about.put("insertion_baseline", options.insertion().id());
      about.put("score", s.string("score"));
      about.put("pointing_tolerance", String.valueOf(options.tolerance()));
      EvalReport.write(out, ev, about);
      printHeadline(ev);
      System.out.printf(
          "evaluate: %d item(s) x %d method(s) -> %s/{items.csv,summary.json," + "report.html}%n",
          done[0], names.size(), out);
    }
    return 0;
  }

  private static ProcessorConfig processorConfig(ConfigDef.Values s, String method) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(ProcessorConfig.MODEL_SPEC, s.string("model"));
    p.put(ProcessorConfig.METHOD, method);
    p.put(ProcessorConfig.MODE, s.string(ProcessorConfig.MODE));
    copy(s, "resize", p, ProcessorConfig.MODEL_RESIZE);
    copy(s, "engine", p, ProcessorConfig.MODEL_ENGINE);
    copy(s, ProcessorConfig.TARGET, p, ProcessorConfig.TARGET);
    copy(s, "threads", p, ProcessorConfig.NATIVE_THREADS);
    copy(s, "components", p, ProcessorConfig.COMPONENTS);
    copy(s, "topk", p, ProcessorConfig.TOP_K);
    return ProcessorConfig.load(null, Map.of(), p);
  }

  private static void printHeadline(Evaluator ev) {
    SubsetSummary sum = ev.summary();
    System.out.printf(
        Locale.ROOT,
        "%-14s %-12s %6s %9s %9s %9s%n",
        "method",
        "subset",
        "items",
        "insertion",
        "deletion",
        "ins-del");
    for (String m : ev.methodNames()) {
      for (String sub : Subsets.all()) {
        SubsetSummary.Cell c = sum.cell(m, sub);
        if (c != null) {
          System.out.printf(
              Locale.ROOT,
              "%-14s %-12s %6d %9.4f %9.4f %9.4f%n",
              m,
              sub,
              c.items(),
              c.mean(Metric.INSERTION_AUC),
              c.mean(Metric.DELETION_AUC),
              c.mean(Metric.INS_MINUS_DEL));
        }
      }
    }
  }

  /** Hands a flag given by the user on to the processor's key; absent keeps its default. */
  private static void copy(ConfigDef.Values from, String key, Map<String, String> to, String as) {
    if (from.isSet(key)) {
      to.put(as, String.valueOf(from.asMap().get(key)));
    }
  }
}
