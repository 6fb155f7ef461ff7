package dev.decomcam.ops.cli;

import dev.decomcam.ops.bench.Bench;
import dev.decomcam.ops.bench.BenchDefaults;
import dev.decomcam.ops.bench.BenchOptions;
import dev.decomcam.ops.bench.BenchReport;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./decomcam bench}: streaming vs full Decom-CAM vs a bare forward pass on real videos,
 * measured as ratios in one run (see {@link Bench}); prints a table and writes bench.json.
 */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "measure streaming vs full Decom-CAM (cost, fidelity, stability, ids, SVD) on videos; bench.json";
  }

  @Override
  public String help() {
    return """
        usage: ./decomcam bench [--model SPEC[,SPEC...]] [--video FILE[,FILE...] [FILE ...]] [--out DIR]
                                [--engine OnnxRuntime|PyTorch|TensorRT|spec] [--frames 100]
                                [--cut a.mp4,b.mp4|none] [--cut-frames 30] [--threads 1]
                                [--sticky 5] [--refresh R] [--refresh-every P] [--rescore-all F] [--reset-coverage C]
                                [--sign-switch R] [--topk 100]
                                [--svd 2040x2048|none] [--svd-repeats 3]

        Per frame, on the same decoded frame, times (a) forward + gradient, (b) forward + full
        Decom-CAM, (c) forward + streaming Decom-CAM (state carried frame to frame), and reports
        b/a and c/a, the Pearson r of (c)'s map to (b)'s (mean, 10th percentile), each method's
        r between consecutive maps, the component id-switch rate, the hard-cut events, and a
        warm-started vs full SVD microbenchmark. Prints a table with the acceptance checks and
        writes DIR/bench.json.

          --model     model specs (default: models/mobilenetv2-imagenet.spec.json when ../shared
                      has the model, and models/demo-shapes/spec.json)
          --video     videos, each run on its own (default: ../shared/media/video/*.mp4, vtest.avi
                      and a generated demo video)
          --out       output folder (default out/bench)
          --engine    engine for every model (default OnnxRuntime; 'spec' = as each spec says)
          --frames    frames per video (default 100)
          --cut       two videos joined with a hard cut (default: the first two shared pans)
          --cut-frames  frames of each side of the cut (default 30)
          --threads   native threads per model (default 1, as the processor's native.threads;
                      0 = engine default)
          --sticky    explain the previous frame's class while it stays in the top K logits,
                      else the top-1 (default 5; 1 = each frame's top-1, which resets the
                      streaming state on every flicker of the ranking)
          --refresh   streaming masked forwards per frame outside resets, fractional
                      (default: StreamingConfig's, 0.25)
          --refresh-every  spend them in one batch every P frames (default: StreamingConfig's, 8)
          --rescore-all    re-score every component when new or drifted ones hold this share of the
                      energy (default: StreamingConfig's, 0.8; 1 = only when all of it moved)
          --reset-coverage  on a reset or re-score, measure the strongest components until they
                      hold this share of the singular values at once (default: StreamingConfig's,
                      0.6; 1 = all at once); the rest are refreshed from the budget
          --topk      Decom-CAM channels kept by gradient weight, for full and streaming alike
                      (default: DecomCamConfig's, 100)
          --sign-switch  a tracked component flips orientation only when the per-frame rule's
                      peak is this many times the opposite one (default: TrackerConfig's, 1.0)
          --svd       SVD microbenchmark matrix size, rows x cols (default 2040x2048), or none

        Parts needing ../shared are skipped with a note when it is absent.
        example: ./decomcam bench --frames 50 --out out/bench""";
  }

  @Override
  public int run(Flags flags) throws Exception {
    Settings s = ServiceRunner.settings("DECOMCAM_BENCH_", flags);
    Path root = Path.of(System.getProperty("decomcam.root", "."));
    Path out = Path.of(s.string("out", "out/bench"));
    int frames = s.intIn("frames", 100, 1, 100_000);
    BenchDefaults defaults = new BenchDefaults(root);
    List<Path> models = paths(s.string("model", null));
    if (models.isEmpty()) {
      models = defaults.models();
    }
    List<Path> videos = paths(s.string("video", null));
    if (!videos.isEmpty()) {
      // --video a.mp4 b.mp4: the flag parser leaves the second and later files positional
      for (String p : flags.positional()) {
        videos.add(Path.of(p));
      }
    } else {
      videos = defaults.videos(out, frames);
    }
    String cutFlag = s.string("cut", null);
    List<Path> cut = cutFlag == null ? defaults.hardCut() : cutFlag.equals("none") ? List.of() : paths(cutFlag);
    if (!cut.isEmpty() && cut.size() != 2) {
      throw new UserError("--cut joins exactly two videos, got " + cut.size() + ": use --cut a.mp4,b.mp4 or none");
    }
    for (Path p : concat(models, videos, cut)) {
      if (!Files.isRegularFile(p)) {
        throw new UserError("file not found: " + p + ": check --model, --video and --cut");
      }
    }
    String engineName = s.string("engine", "OnnxRuntime");
    EngineKind engine = engineName.equals("spec") ? null : EngineKind.parse(engineName).orElseThrow(
        () -> new UserError("--engine " + engineName + " is not known: use " + EngineKind.choices() + " or spec"));
    DecomCamConfig decom = DecomCamConfig.defaults();
    if (s.string("topk", null) != null) {
      decom = decom.withTopK(s.intIn("topk", 100, 1, 1 << 16));
    }
    StreamingConfig streaming = StreamingConfig.of(decom);
    if (s.string("refresh", null) != null) {
      streaming = streaming.withRefreshPerFrame(s.doubleIn("refresh", 0.25, 0, 100));
    }
    if (s.string("refresh-every", null) != null) {
      streaming = streaming.withRefreshEvery(s.intIn("refresh-every", 4, 1, 10_000));
    }
    if (s.string("rescore-all", null) != null) {
      streaming = streaming.withRescoreAllFraction(s.doubleIn("rescore-all", 0.8, 0, 1));
    }
    if (s.string("reset-coverage", null) != null) {
      streaming = streaming.withResetCoverage(s.doubleIn("reset-coverage", 0.6, 0.01, 1));
    }
    if (s.string("sign-switch", null) != null) {
      streaming = streaming.withTracker(streaming.tracker().withSignSwitchRatio(s.doubleIn("sign-switch", 1, 1, 100)));
    }
    int svdRows = 0;
    int svdCols = 0;
    String svd = s.string("svd", "2040x2048");
    if (!svd.equals("none")) {
      String[] rc = svd.split("x");
      try {
        svdRows = Integer.parseInt(rc[0].trim());
        svdCols = Integer.parseInt(rc[1].trim());
      } catch (RuntimeException e) {
        throw new UserError("--svd " + svd + " is not ROWSxCOLS: use e.g. 2040x2048, or none");
      }
    }
    BenchOptions options = new BenchOptions(models, videos, cut, frames, s.intIn("cut-frames", 30, 1, 100_000),
        engine, s.intIn("threads", 1, 0, 256), streaming, s.intIn("sticky", 5, 1, 1000), svdRows, svdCols, s.intIn("svd-repeats", 3, 1, 100), out);
    String command = "./decomcam bench " + String.join(" ", flags.options().entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
    BenchReport report = Bench.run(options, defaults.notes(), command.trim(), System.err);
    report.print(System.out);
    Path json = report.write(out);
    System.out.println("bench: wrote " + json);
    return 0;
  }

  private static List<Path> paths(String csv) {
    List<Path> out = new ArrayList<>();
    if (csv != null && !csv.isBlank() && !csv.equals("true")) {
      Arrays.stream(csv.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(p -> out.add(Path.of(p)));
    }
    return out;
  }

  @SafeVarargs
  private static List<Path> concat(List<Path>... lists) {
    List<Path> out = new ArrayList<>();
    for (List<Path> l : lists) {
      out.addAll(l);
    }
    return out;
  }
}
