package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.bench.Bench;
import dev.decomcam.ops.bench.BenchDefaults;
import dev.decomcam.ops.bench.BenchOptions;
import dev.decomcam.ops.bench.BenchReport;
import dev.decomcam.ops.bench.PipelineBench;
import dev.decomcam.ops.bench.PipelineReport;
import dev.decomcam.ops.bench.SoakBench;
import dev.decomcam.ops.bench.SoakReport;
import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.SaliencyMethods;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.topology.ProcessorConfig;
import java.io.IOException;
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
    return "measure streaming vs full Decom-CAM (cost, fidelity, stability, ids, SVD) on videos;"
        + " bench.json";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam bench [--key value ...]   (--video a.mp4 b.mp4 takes several files)

    Per frame, on the same decoded frame, times (a) forward + gradient, (b) forward + full
    Decom-CAM, (c) forward + streaming Decom-CAM (state carried frame to frame), and reports
    b/a and c/a, the Pearson r of (c)'s map to (b)'s (mean, 10th percentile), each method's
    r between consecutive maps, the component id-switch rate, the hard-cut events, and a
    warm-started vs full SVD microbenchmark. Prints a table with the acceptance checks and
    writes DIR/bench.json. --method gradcam|gradcampp|scorecam adds (d) forward + that method,
    timed in the same rotation, with d/a, d/b and the r of its map to (b)'s (Score-CAM runs one
    masked forward per channel: pass few --frames).

    With --pipeline, measures instead how much of the explainer's speed the whole pipeline keeps,
    on one model and one video: (a) the explainer alone (one thread) on the frames (b) explains,
    decoded in memory and looped as (b) loops the video, half right before (b) and half right
    after, (b) the whole pipeline on an embedded broker, fast pacing, one camera, every frame
    explained, at least --frames frames (4800), (c) the whole pipeline with realtime pacing,
    --cameras live cameras, --seconds long (the video looped; frames that cannot be explained in
    time are skipped). Prints a table and
    writes DIR/pipeline.json (efficiency = (b) fps / (a) fps, the realtime rates, skips, latency
    and explanation-age p99, latency p99 of the first and last 10 s, stage means). There --method
    is the processor's method. --instances 2 adds (d), the scale-out figure: (c) again on two
    processor instances in this JVM (one consumer group sharing the two partitions), its explained
    and overlay rates and latency p99 beside one instance's.

    With --soak N, runs instead N frames of one looping video through the whole pipeline (fast
    pacing, every frame explained) and samples every 5 s, right after a full GC, the resident
    memory, the Java heap, JavaCPP's native memory and pointers, and the open files; the median of
    each must grow by at most 5% from the window after warm-up (20-40% of the frames) to the last
    (80-100%). Writes
    DIR/soak.csv, soak.json and soak.png, and exits 1 when something grows.

    """
        + settings().toHelp()
        + """

        Parts needing ../shared are skipped with a note when it is absent.
        example: ./decomcam bench --frames 50 --out out/bench
        example: ./decomcam bench --pipeline --cameras 2 --seconds 30 --out out/pipeline
        example: ./decomcam bench --soak 10000 --out out/soak\
        """;
  }

  @Override
  public ConfigDef settings() {
    StreamingConfig streaming = StreamingConfig.defaults();
    return new ConfigDef("DECOMCAM_BENCH_")
        .define(
            Setting.text("model", null, "model specs, comma-separated")
                .shownAs(
                    "models/mobilenetv2-imagenet.spec.json when ../shared has the model, and"
                        + " models/demo-shapes/spec.json; with --pipeline, one spec:"
                        + " models/demo-shapes/spec.json"))
        .define(
            Setting.text("video", null, "videos, each run on its own")
                .shownAs(
                    "../shared/media/video/*.mp4, vtest.avi and a generated demo video; with"
                        + " --pipeline, one video: ../shared/media/video/eagle_pan.mp4, else the"
                        + " generated demo video"))
        .define(Setting.text("out", "out/bench", "output folder"))
        .define(
            Setting.parsed(
                "engine",
                "OnnxRuntime",
                "OnnxRuntime",
                EngineKind.choices() + " | spec",
                (key, v) -> v,
                "engine for every model; spec = as each spec says"))
        .define(Setting.integer("frames", 100, 1, 100_000, "frames per video"))
        .define(
            Setting.text("cut", null, "two videos joined with a hard cut (a.mp4,b.mp4), or none")
                .shownAs("the first two shared pans"))
        .define(Setting.integer("cut-frames", 30, 1, 100_000, "frames of each side of the cut"))
        .define(
            Setting.integer(
                "threads",
                1,
                0,
                256,
                "native threads per model, as the processor's native.threads; 0 = the engine's"
                    + " default"))
        .define(
            Setting.integer(
                "sticky",
                5,
                1,
                1000,
                "explain the previous frame's class while it stays in the top K logits, else the"
                    + " top-1; 1 = each frame's top-1, which resets the streaming state on every"
                    + " flicker"))
        .define(
            Setting.number(
                "refresh",
                streaming.refreshPerFrame(),
                0,
                100,
                "streaming masked forwards per frame outside resets, fractional"))
        .define(
            Setting.integer(
                "refresh-every",
                streaming.refreshEvery(),
                1,
                10_000,
                "spend them in one batch every P frames"))
        .define(
            Setting.number(
                "rescore-all",
                streaming.rescoreAllFraction(),
                0,
                1,
                "re-score every component when new or drifted ones hold this share of the energy; 1"
                    + " = only when all of it moved"))
        .define(
            Setting.number(
                "reset-coverage",
                streaming.resetCoverage(),
                0.01,
                1,
                "on a reset or re-score, measure the strongest components until they hold this"
                    + " share of the singular values at once; 1 = all at once; the rest are"
                    + " refreshed from the budget"))
        .define(
            Setting.number(
                "sign-switch",
                streaming.tracker().signSwitchRatio(),
                1,
                100,
                "a tracked component flips orientation only when the per-frame rule's peak is this"
                    + " many times the opposite one"))
        .define(
            Setting.integer(
                "topk",
                streaming.decom().topK(),
                1,
                1 << 16,
                "Decom-CAM channels kept by gradient weight, for full and streaming alike"))
        .define(
            Setting.choice(
                "method",
                SaliencyMethods.DECOMCAM,
                "a per-frame method timed as (d) beside full Decom-CAM (decomcam: none besides (b)"
                    + " and (c)); with --pipeline, the processor's method",
                SaliencyMethods.choices()))
        .define(
            Setting.text("svd", "2040x2048", "SVD microbenchmark matrix size, ROWSxCOLS, or none"))
        .define(Setting.integer("svd-repeats", 3, 1, 100, "repeats of the SVD microbenchmark"))
        .define(
            Setting.bool(
                "pipeline",
                false,
                "measure the whole pipeline against the explainer alone instead; pipeline.json"))
        .define(
            Setting.integer("cameras", 4, 1, 64, "with --pipeline: realtime cameras of part (c)"))
        .define(
            Setting.integer("seconds", 60, 1, 3600, "with --pipeline: how long part (c) publishes"))
        .define(
            Setting.integer(
                "stream-threads",
                ProcessorConfig.DEFAULT_STREAM_THREADS,
                1,
                64,
                "with --pipeline: the processor's num.stream.threads in (b), (c) and (d), each with"
                    + " its own model; (a) stays one thread"))
        .define(
            Setting.integer(
                "instances",
                1,
                1,
                2,
                "with --pipeline: also run (c) on this many processor instances (scale-out, (d))"))
        .define(
            Setting.integer(
                "soak",
                0,
                0,
                10_000_000,
                "soak instead: this many frames through the whole pipeline, memory sampled;"
                    + " soak.csv/json/png (0 = off)"));
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = ServiceRunner.settings(settings(), flags);
    Path root = Path.of(System.getProperty("decomcam.root", "."));
    Path out = Path.of(s.string("out"));
    int frames = s.integer("frames");
    if (s.integer("soak") > 0) {
      return runSoak(s, flags, root, out);
    }
    if (s.bool("pipeline")) {
      return runPipeline(s, flags, root, out, frames);
    }
    BenchDefaults defaults = new BenchDefaults(root);
    List<Path> models = paths(s.string("model"));
    if (models.isEmpty()) {
      models = defaults.models();
    }
    List<Path> videos = paths(s.string("video"));
    if (!videos.isEmpty()) {
      // --video a.mp4 b.mp4: the flag parser leaves the second and later files positional
      for (String p : flags.positional()) {
        videos.add(Path.of(p));
      }
    } else {
      videos = defaults.videos(out, frames);
    }
    String cutFlag = s.string("cut");
    List<Path> cut =
        cutFlag == null ? defaults.hardCut() : cutFlag.equals("none") ? List.of() : paths(cutFlag);
    if (!cut.isEmpty() && cut.size() != 2) {
      throw new UserError(
          "--cut joins exactly two videos, got " + cut.size() + ": use --cut a.mp4,b.mp4 or none");
    }
    for (Path p : concat(models, videos, cut)) {
      if (!Files.isRegularFile(p)) {
        throw new UserError("file not found: " + p + ": check --model, --video and --cut");
      }
    }
    EngineKind engine = engine(s);
    // the declared defaults are the algorithm's own, so an absent flag leaves its field as it is
    DecomCamConfig decom = DecomCamConfig.defaults().withTopK(s.integer("topk"));
    StreamingConfig streaming =
        StreamingConfig.of(decom)
            .withRefreshPerFrame(s.number("refresh"))
            .withRefreshEvery(s.integer("refresh-every"))
            .withRescoreAllFraction(s.number("rescore-all"))
            .withResetCoverage(s.number("reset-coverage"));
    streaming =
        streaming.withTracker(streaming.tracker().withSignSwitchRatio(s.number("sign-switch")));
    int svdRows = 0;
    int svdCols = 0;
    String svd = s.string("svd");
    if (!svd.equals("none")) {
      String[] rc = svd.split("x");
      try {
        svdRows = Integer.parseInt(rc[0].trim());
        svdCols = Integer.parseInt(rc[1].trim());
      } catch (RuntimeException e) {
        throw new UserError("--svd " + svd + " is not ROWSxCOLS: use e.g. 2040x2048, or none");
      }
    }
    BenchOptions options =
        new BenchOptions(
            models,
            videos,
            cut,
            frames,
            s.integer("cut-frames"),
            engine,
            s.integer("threads"),
            streaming,
            s.integer("sticky"),
            svdRows,
            svdCols,
            s.integer("svd-repeats"),
            out,
            s.string("method").equals(SaliencyMethods.DECOMCAM) ? null : s.string("method"));
    BenchReport report = Bench.run(options, defaults.notes(), command(flags), System.err);
    report.print(System.out);
    Path json = report.write(out);
    System.out.println("bench: wrote " + json);
    return 0;
  }

  /**
   * {@code --pipeline}: one model and one video through {@link PipelineBench}; prints its table and
   * writes pipeline.json.
   */
  /**
   * The one model (default the bundled one) and one video (default eagle_pan.mp4 of ../shared, else
   * a generated demo video) of {@code --pipeline} and {@code --soak}.
   */
  private static Path[] modelAndVideo(
      ConfigDef.Values s, Flags flags, Path root, Path out, int frames, String what)
      throws IOException {
    List<Path> models = paths(s.string("model"));
    List<Path> videos = paths(s.string("video"));
    videos.addAll(paths(String.join(",", flags.positional())));
    if (models.size() > 1 || videos.size() > 1) {
      throw new UserError(
          what
              + " measures one model on one video, got "
              + models.size()
              + " models and "
              + videos.size()
              + " videos: pass one --model and one --video");
    }
    Path model = models.isEmpty() ? root.resolve("models/demo-shapes/spec.json") : models.get(0);
    Path video;
    if (!videos.isEmpty()) {
      video = videos.get(0);
    } else {
      Path eagle = root.resolve("../shared/media/video/eagle_pan.mp4").normalize();
      if (Files.isRegularFile(eagle)) {
        video = eagle;
      } else {
        Files.createDirectories(out);
        video = out.resolve("demo.mp4");
        DemoVideo.generate(video, out.resolve("demo.json"), 7, frames);
      }
    }
    for (Path p : List.of(model, video)) {
      if (!Files.isRegularFile(p)) {
        throw new UserError("file not found: " + p + ": check --model and --video");
      }
    }
    return new Path[] {model, video};
  }

  /** {@code --soak}: {@link SoakBench}; prints its verdict, writes soak.csv/json/png. */
  private static int runSoak(ConfigDef.Values s, Flags flags, Path root, Path out)
      throws Exception {
    Path[] mv = modelAndVideo(s, flags, root, out, s.integer("frames"), "bench --soak");
    SoakReport report =
        SoakBench.run(
            new SoakBench.Options(mv[0], mv[1], s.integer("soak"), out),
            command(flags),
            System.err);
    report.print(System.out);
    report.write(out);
    System.out.println("bench: wrote " + out.resolve("soak.csv") + ", soak.json, soak.png");
    return report.flat() && report.exactlyOnceInOrder() ? 0 : 1;
  }

  private static int runPipeline(ConfigDef.Values s, Flags flags, Path root, Path out, int frames)
      throws Exception {
    Path[] mv = modelAndVideo(s, flags, root, out, frames, "bench --pipeline");
    Path model = mv[0];
    Path video = mv[1];
    PipelineBench.Options options =
        new PipelineBench.Options(
            model,
            video,
            frames,
            s.integer("cameras"),
            s.integer("seconds"),
            engine(s),
            s.integer("threads"),
            s.integer("stream-threads"),
            s.integer("sticky"),
            out,
            s.string("method"),
            s.integer("instances"));
    PipelineReport report = PipelineBench.run(options, command(flags), System.err);
    report.print(System.out);
    Path json = report.write(out);
    System.out.println("bench: wrote " + json);
    return 0;
  }

  /** --engine: a known engine, or null for spec (as each spec says). */
  private static EngineKind engine(ConfigDef.Values s) {
    String name = s.string("engine");
    return name.equals("spec")
        ? null
        : EngineKind.parse(name)
            .orElseThrow(
                () ->
                    new UserError(
                        "--engine "
                            + name
                            + " is not known: use "
                            + EngineKind.choices()
                            + " or spec"));
  }

  private static String command(Flags flags) {
    return ("./decomcam bench "
            + String.join(
                " ",
                flags.options().entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toList()))
        .trim();
  }

  private static List<Path> paths(String csv) {
    List<Path> out = new ArrayList<>();
    if (csv != null && !csv.isBlank() && !csv.equals("true")) {
      Arrays.stream(csv.split(","))
          .map(String::trim)
          .filter(p -> !p.isEmpty())
          .forEach(p -> out.add(Path.of(p)));
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
