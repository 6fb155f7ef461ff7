package dev.decomcam.ops.bench;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.VideoSource;
import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.DemoRun;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.processor.topology.ProcessorService;
import dev.decomcam.sink.SinkConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./decomcam bench --pipeline}: how much of the explainer's speed the whole pipeline keeps,
 * on one model and one video, in one run:
 *
 * <ol type="a">
 *   <li>the explainer alone ({@link ExplainerBench}) on the frames (b) explains: the video decoded
 *       once into memory as the processor decodes it (JPEG as ingest publishes it, decoded at the
 *       size the model needs), looped as (b) loops it, for as many frames as (b)'s rate counts,
 *       half of them right before (b) and half right after: the machine's speed drifts over minutes
 *       (a shared host), and the two halves put (a) at (b)'s time;
 *   <li>the whole pipeline ({@link DemoRun}: embedded broker, ingest, processor, sink) on the same
 *       frames, looped to at least {@link #FAST_MIN_FRAMES}, fast pacing, one camera, every frame
 *       explained, its rate taken over the second half once the JIT has compiled the pipeline, to
 *       the last overlay but one ({@link PipelineFigures#steadyFps}); (c) runs after it in the same
 *       JVM, so on warm code;
 *   <li>the whole pipeline with realtime pacing, {@code cameras} live cameras replaying the video
 *       (looped) for {@code seconds}, after an untimed run like it of {@link
 *       #REALTIME_WARM_UP_SECONDS}: the overload policy skips what cannot be explained in time;
 *   <li>with {@code instances} &gt; 1, the scale-out figure: (c) again, on {@code instances}
 *       explain-processor instances sharing its frames' partitions (one application id, so one
 *       consumer group, each instance with its own state directory), after (c) in the same JVM.
 * </ol>
 *
 * They run in the order (a), (b), (a), (c), (d) in one JVM, after untimed runs like (b) until the
 * JIT compiler has settled ({@link #FAST_WARM_UP_FRAMES}): every part runs on code the JIT has
 * compiled (on two cores its compiling takes a good share of the CPU for a minute or more after
 * start, and (a) run first measured anywhere between half and all of its warm rate).
 *
 * <p>The explainer of (a) is the one the processor builds ({@link ProcessorService#explainers})
 * from the same processor settings (b) and (c) run with, so model, engine, threads, method and
 * target rule are the same.
 */
public final class PipelineBench {
  /** Frames (a) explains untimed first after its warm-up pass. */
  static final int WARM_UP = 3;

  /**
   * Bytes of decoded frames (a) holds in memory at most: a video longer than that is looped from
   * its first frames within them, where (b) plays it whole.
   */
  static final long CLIP_MAX_BYTES = 512L << 20;

  /**
   * Frames (b) publishes at least (the video looped): the first half of its overlays are left out
   * of its steady rate, the pipeline's start (group join, first transactions, ingest publishing the
   * backlog), and the output rate per 10 s is printed.
   */
  static final int FAST_MIN_FRAMES = 4800;

  /**
   * Frames of each untimed fast run like (b) before it, each on a broker of its own, repeated (at
   * most {@link #FAST_WARM_UP_RUNS} times) until the JIT compiler has settled ({@link
   * #JIT_SETTLED}): on two cores it still took half a core 40-60 s into (b) without them (the
   * broker's, Kafka Streams' and the pipeline's code together are some 4,000 C2 compilations), so
   * (b)'s steady rate was measured on code still being compiled, where (a), run after it, is not.
   */
  static final int FAST_WARM_UP_FRAMES = 1500;

  /** Warm-up runs before (b) at most. */
  static final int FAST_WARM_UP_RUNS = 5;

  /**
   * The JIT compiler counts as settled when it compiled for less than this share of a warm-up run's
   * wall time (the compilations' elapsed times summed, as {@link CompilationMXBean} counts them, so
   * a compiler thread waiting for a core counts too: 0.15 is one compiler thread busy 15% of the
   * time).
   */
  static final double JIT_SETTLED = 0.15;

  /**
   * Seconds of an untimed realtime run before (c), with its cameras: (b) leaves compiled what every
   * frame goes through, but not the live paths (skip records, the sink's reduced drawing, pacing),
   * whose compiling otherwise shows as (c)'s first ten seconds running slower than the rest.
   */
  static final int REALTIME_WARM_UP_SECONDS = 20;

  /**
   * The sink as it runs by default, without MP4 recording (the demo records; a recorder's encoding
   * is the recorder's cost, not the pipeline's).
   */
  private static final Map<String, String> NO_RECORDING = Map.of(SinkConfig.RECORD, "false");

  /**
   * @param engine engine for the model, or null for the spec's
   * @param threads native threads of the model (the processor's native.threads)
   * @param streamThreads the processor's stream threads (num.stream.threads), each with its own
   *     model, in (b), (c) and (d); (a) is one thread whatever this is
   * @param sticky the processor's target.sticky
   * @param method the processor's saliency method (a {@code SaliencyMethods} name)
   */
  public record Options(
      Path model,
      Path video,
      int frames,
      int cameras,
      int seconds,
      EngineKind engine,
      int threads,
      int streamThreads,
      int sticky,
      Path out,
      String method,
      int instances) {
    public Options {
      if (streamThreads < 1) {
        throw new IllegalArgumentException(
            "pipeline bench: --stream-threads " + streamThreads + ": use at least 1");
      }
      if (instances < 1 || instances > PARTITIONS) {
        throw new IllegalArgumentException(
            "pipeline bench: --instances "
                + instances
                + ": use 1 to "
                + PARTITIONS
                + ", the partitions of the frames topic (an instance beyond them gets no work)");
      }
      if (frames <= WARM_UP) {
        throw new IllegalArgumentException(
            "pipeline bench: --frames "
                + frames
                + " must be more than the "
                + WARM_UP
                + " warm-up frames");
      }
      if (cameras < 1 || seconds < 1) {
        throw new IllegalArgumentException(
            "pipeline bench: --cameras "
                + cameras
                + " and --seconds "
                + seconds
                + " must be at least 1");
      }
    }
  }

  /** Partitions of each topic in every part. */
  static final int PARTITIONS = 2;

  private PipelineBench() {}

  public static PipelineReport run(Options o, String command, PrintStream log)
      throws IOException, InterruptedException {
    Map<String, String> processor = new LinkedHashMap<>();
    processor.put(ProcessorConfig.MODEL_SPEC, o.model().toString());
    if (o.engine() != null) {
      processor.put(ProcessorConfig.MODEL_ENGINE, o.engine().spelling());
    }
    processor.put(ProcessorConfig.NATIVE_THREADS, Integer.toString(o.threads()));
    processor.put(ProcessorConfig.STREAM_THREADS, Integer.toString(o.streamThreads()));
    processor.put(ProcessorConfig.TARGET_STICKY, Integer.toString(o.sticky()));
    processor.put(ProcessorConfig.METHOD, o.method());
    double fps;
    try (VideoSource v = VideoSource.open(o.video().toString(), Duration.ofSeconds(10))) {
      fps = v.frameRate();
    }

    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    for (int run = 1; run <= FAST_WARM_UP_RUNS; run++) {
      long compiled = jit.getTotalCompilationTime();
      long t0 = System.nanoTime();
      DemoRun.run(fast(o, processor, FAST_WARM_UP_FRAMES, "fast-warm-up"), ExplainMetrics.NONE);
      double share = (jit.getTotalCompilationTime() - compiled) / ((System.nanoTime() - t0) / 1e6);
      log.printf(
          Locale.ROOT,
          "bench: warm-up run %d (fast pacing, 1 camera, %d frames, untimed): the JIT compiled for"
              + " %.2f of its time%n",
          run,
          FAST_WARM_UP_FRAMES,
          share);
      if (share < JIT_SETTLED) {
        break;
      }
    }
    int fastFrames = Math.max(o.frames(), FAST_MIN_FRAMES);
    int fastSkipped = Math.max(WARM_UP, fastFrames / 2);
    int timed = fastFrames - fastSkipped;
    ExplainerBench.Result explainer;
    DemoReport fast;
    FrameExplainer<?> fe =
        ProcessorService.explainers(ProcessorConfig.load(null, Map.of(), processor)).get();
    try {
      List<BufferedImage> clip = asTheProcessorDecodes(o, fe, fastFrames);
      log.printf(
          Locale.ROOT,
          "bench: (a) explainer alone on %d frames of %s (a clip of %d in memory, looped), half"
              + " before (b) and half after%n",
          timed,
          o.video(),
          clip.size());
      ExplainerBench.Result before = ExplainerBench.run(fe, clip, WARM_UP, timed / 2, fps);
      log.printf(Locale.ROOT, "bench: (a) before (b): %.1f fps%n", before.fps());
      log.printf(
          Locale.ROOT,
          "bench: (b) pipeline, fast pacing, 1 camera, %d frames (looped), steady rate over the"
              + " last half%n",
          fastFrames);
      long compiledBefore = jit.getTotalCompilationTime();
      long fastStart = System.nanoTime();
      fast = DemoRun.run(fast(o, processor, fastFrames, "fast"), ExplainMetrics.NONE);
      log.printf(
          Locale.ROOT,
          "bench: (b) done: the JIT compiled for %.2f of its time%n",
          (jit.getTotalCompilationTime() - compiledBefore)
              / ((System.nanoTime() - fastStart) / 1e6));
      ExplainerBench.Result after = ExplainerBench.run(fe, clip, WARM_UP, timed - timed / 2, fps);
      log.printf(Locale.ROOT, "bench: (a) after (b): %.1f fps%n", after.fps());
      explainer = before.and(after);
    } finally {
      fe.model().close();
    }

    int warmFrames = (int) Math.max(1, Math.round(REALTIME_WARM_UP_SECONDS * fps));
    log.printf(
        Locale.ROOT,
        "bench: warming up the live paths: realtime pacing, %d cameras, %d s, untimed%n",
        o.cameras(),
        REALTIME_WARM_UP_SECONDS);
    DemoRun.run(realtime(o, processor, warmFrames, "realtime-warm-up"), ExplainMetrics.NONE);
    int perCamera = (int) Math.max(1, Math.round(o.seconds() * fps));
    log.printf(
        Locale.ROOT,
        "bench: (c) pipeline, realtime pacing, %d cameras, %d s (%d frames each, looped)%n",
        o.cameras(),
        o.seconds(),
        perCamera);
    DemoReport realtime =
        DemoRun.run(realtime(o, processor, perCamera, "realtime"), ExplainMetrics.NONE);
    PipelineFigures scaleOut = null;
    if (o.instances() > 1) {
      log.printf(
          Locale.ROOT,
          "bench: (d) (c) again on %d processor instances in this JVM, one consumer group%n",
          o.instances());
      DemoRun.Options scaled =
          realtime(o, processor, perCamera, "realtime-" + o.instances())
              .withProcessors(o.instances());
      scaleOut = PipelineFigures.of(DemoRun.run(scaled, ExplainMetrics.NONE), WARM_UP);
    }
    return new PipelineReport(
        o.model().toString(),
        o.video().toString(),
        WARM_UP,
        explainer,
        PipelineFigures.of(fast, fastSkipped),
        o.cameras(),
        o.seconds(),
        PipelineFigures.of(realtime, WARM_UP),
        o.instances(),
        scaleOut,
        command);
  }

  /**
   * The options of part (b) and its warm-up: one camera replaying the video (looped) as fast as the
   * pipeline goes, {@code frames} frames, every one explained, output under {@code dir}.
   */
  private static DemoRun.Options fast(
      Options o, Map<String, String> processor, int frames, String dir) {
    return new DemoRun.Options(
            o.out().resolve(dir),
            frames,
            1,
            PARTITIONS,
            "fast",
            7,
            List.of(o.video()),
            processor,
            NO_RECORDING,
            Duration.ofMinutes(10),
            Map.of(IngestConfig.LOOP, "true"))
        .keepingFrames();
  }

  /**
   * The options of part (c), and of (d) with more processor instances: {@code o.cameras()} live
   * cameras replaying the video at its rate for {@code o.seconds()}, {@code perCamera} frames each,
   * a record kept per overlay for the windowed figures, output under {@code dir}.
   */
  private static DemoRun.Options realtime(
      Options o, Map<String, String> processor, int perCamera, String dir) {
    return new DemoRun.Options(
            o.out().resolve(dir),
            perCamera,
            o.cameras(),
            PARTITIONS,
            "realtime",
            7,
            List.of(o.video()),
            processor,
            NO_RECORDING,
            Duration.ofSeconds(o.seconds()).plus(Duration.ofMinutes(5)),
            Map.of(IngestConfig.LOOP, "true"))
        .keepingFrames();
  }

  /**
   * The video's first frames, at most {@code max} and {@link #CLIP_MAX_BYTES}, as the processor
   * gets them: JPEG-encoded as ingest publishes them, then decoded as the processor decodes them
   * (at the reduction the model allows, {@link JpegCodec#decodeReduced}), so (a) prepares the same
   * images (b) does and the two differ only by the pipeline around the explainer.
   */
  private static List<BufferedImage> asTheProcessorDecodes(Options o, FrameExplainer<?> fe, int max)
      throws IOException {
    JpegCodec ingest =
        IngestConfig.load(null, Map.of(), Map.of(IngestConfig.SOURCE, o.video().toString()))
            .jpegCodec();
    List<BufferedImage> frames = new ArrayList<>();
    long bytes = 0;
    try (FrameSequence seq = FrameSequence.of(o.video(), max)) {
      for (BufferedImage img = seq.next(); img != null; img = seq.next()) {
        BufferedImage decoded =
            JpegCodec.decodeReduced(
                    ingest.encode(img).bytes(), PixelLimit.DEFAULT, fe.model()::sourceReduction)
                .image();
        bytes += 3L * decoded.getWidth() * decoded.getHeight();
        if (!frames.isEmpty() && bytes > CLIP_MAX_BYTES) {
          break;
        }
        frames.add(decoded);
      }
    }
    return frames;
  }
}
