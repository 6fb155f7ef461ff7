package dev.decomcam.ops.pipeline;

import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestService;
import dev.decomcam.ingest.VideoSource;
import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.sink.SinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: the bundled model explains the generated demo video on a real embedded broker, end to
 * end (ingest → explain-processor → sink → MP4), and the run is measured: frames in and out,
 * exactly-once order, throughput, latency, per-stage time, and how often the saliency peak falls
 * inside the ground-truth box of the target shape.
 */
public final class DemoRun {
  private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

  /**
   * What to run. {@code videos}: recordings the cameras publish, camera i the (i mod n)-th, at most
   * {@code frames} frames each; empty: the generated demo video with its ground truth. {@code
   * processor}/{@code sink}/{@code ingest} hold extra service settings (e.g. model.engine, or
   * loop=true to replay a short recording until {@code frames} frames are published). {@code
   * keepFrames}: keep a record per overlay ({@link DemoReport#drawn}) for figures over parts of the
   * run; without it the run aggregates as it goes and holds the same memory at its end as at its
   * start (a soak). {@code processors}: explain-processor instances in this JVM, one consumer group
   * sharing the frames' partitions.
   */
  public record Options(
      Path outDir,
      int frames,
      int cameras,
      int partitions,
      String pacing,
      long seed,
      List<Path> videos,
      Map<String, String> processor,
      Map<String, String> sink,
      Duration timeout,
      Map<String, String> ingest,
      boolean keepFrames,
      int processors) {
    public Options {
      videos = List.copyOf(videos);
      ingest = Map.copyOf(ingest);
      if (processors < 1 || processors > partitions) {
        throw new IllegalArgumentException(
            "demo: "
                + processors
                + " processor instances: run 1 to "
                + partitions
                + ", the partitions of the frames topic (an instance beyond them gets no work)");
      }
    }

    /** One processor, no per-frame records. */
    public Options(
        Path outDir,
        int frames,
        int cameras,
        int partitions,
        String pacing,
        long seed,
        List<Path> videos,
        Map<String, String> processor,
        Map<String, String> sink,
        Duration timeout,
        Map<String, String> ingest) {
      this(
          outDir,
          frames,
          cameras,
          partitions,
          pacing,
          seed,
          videos,
          processor,
          sink,
          timeout,
          ingest,
          false,
          1);
    }

    /** Without extra ingest settings, one processor, no per-frame records. */
    public Options(
        Path outDir,
        int frames,
        int cameras,
        int partitions,
        String pacing,
        long seed,
        List<Path> videos,
        Map<String, String> processor,
        Map<String, String> sink,
        Duration timeout) {
      this(
          outDir,
          frames,
          cameras,
          partitions,
          pacing,
          seed,
          videos,
          processor,
          sink,
          timeout,
          Map.of());
    }

    /** These options, keeping a record per overlay. */
    public Options keepingFrames() {
      return new Options(
          outDir,
          frames,
          cameras,
          partitions,
          pacing,
          seed,
          videos,
          processor,
          sink,
          timeout,
          ingest,
          true,
          processors);
    }

    /** These options with {@code n} processor instances. */
    public Options withProcessors(int n) {
      return new Options(
          outDir,
          frames,
          cameras,
          partitions,
          pacing,
          seed,
          videos,
          processor,
          sink,
          timeout,
          ingest,
          keepFrames,
          n);
    }
  }

  /** The run's figures as JSON, written into the output directory by every run. */
  public static final String SUMMARY = "summary.json";

  private DemoRun() {}

  public static DemoReport run(Options o, ExplainMetrics metrics)
      throws IOException, InterruptedException {
    return run(o, PipelineMetrics.processorOnly(metrics), i -> {});
  }

  /** As {@link #run(Options, ExplainMetrics)}, every service reporting to {@code metrics}. */
  public static DemoReport run(Options o, PipelineMetrics metrics)
      throws IOException, InterruptedException {
    return run(o, metrics, i -> {});
  }

  /**
   * As {@link #run(Options, PipelineMetrics)}, handing each camera's ingest to {@code onIngest}.
   */
  public static DemoReport run(Options o, PipelineMetrics metrics, Consumer<IngestService> onIngest)
      throws IOException, InterruptedException {
    Files.createDirectories(o.outDir());
    List<Path> videos = o.videos();
    GroundTruth truth = null;
    int fps;
    if (videos.isEmpty()) {
      Path video = o.outDir().resolve("demo-shapes.mp4");
      Path truthFile = o.outDir().resolve("demo-shapes.groundtruth.json");
      long t0 = System.nanoTime();
      truth = DemoVideo.generate(video, truthFile, o.seed(), o.frames());
      LOG.info(
          "demo video {} ({} frames) generated in {} ms",
          video,
          o.frames(),
          (System.nanoTime() - t0) / 1_000_000);
      videos = List.of(video);
      fps = truth.fps();
    } else {
      fps = frameRate(videos.get(0));
    }

    ExplanationTally explanations = new ExplanationTally(truth);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null, Map.of())) {
      Map<String, String> sink = sinkSettings(o, fps);
      Path work = Files.createDirectories(o.outDir().resolve("work"));
      // the broker is new on every run: state left by an earlier run would point at changelog
      // offsets that no longer exist
      deleteRecursively(work.resolve("processor-state"));
      for (int i = 1; i < o.processors(); i++) {
        deleteRecursively(work.resolve("processor-state-" + i));
      }
      deleteRecursively(work.resolve("sink-state"));
      try (LocalPipeline pipeline =
              LocalPipeline.start(
                  kafka, o.partitions(), work, o.processor(), sink, metrics, o.processors());
          OutputWatcher watcher =
              OutputWatcher.forDefaultTopics(
                  kafka.bootstrapServers(), o.keepFrames(), explanations::add);
          ThreadCpu cpu = ThreadCpu.start(CPU_SAMPLES)) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<IngestService> ingests = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < o.cameras(); c++) {
          String camera = "demo-" + c;
          Path video = videos.get(c % videos.size());
          Map<String, String> ingest =
              new LinkedHashMap<>(
                  Map.of(
                      IngestConfig.PACING,
                      o.pacing(),
                      IngestConfig.MAX_FRAMES,
                      Integer.toString(o.frames())));
          ingest.putAll(o.ingest());
          IngestService started = pipeline.startIngest(camera, video.toString(), ingest);
          ingests.add(started);
          onIngest.accept(started);
        }
        long framesIn = 0;
        for (int c = 0; c < ingests.size(); c++) {
          IngestService i = ingests.get(c);
          i.awaitTermination(o.timeout());
          // a recording may be shorter than --frames: each camera owes what it published
          expected.put("demo-" + c, (int) i.stats().framesAcknowledged());
          framesIn += i.stats().framesAcknowledged();
        }
        boolean complete = watcher.awaitOverlays(expected, o.timeout());
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu.close(); // the run's CPU time, not the report's
        watcher.poll(Duration.ofMillis(500)); // late duplicates would show here
        boolean recording = Boolean.parseBoolean(sink.getOrDefault(SinkConfig.RECORD, "false"));
        long recordDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (recording
            && pipeline.recordedFrames() < framesIn
            && System.nanoTime() < recordDeadline) {
          Thread.sleep(100);
        }
        long recorded = pipeline.recordedFrames();
        pipeline.close(); // closes the MP4 files
        DemoReport report =
            DemoReport.of(
                framesIn,
                expected,
                watcher,
                explanations,
                seconds,
                complete,
                recordings(work, expected.keySet()),
                recorded,
                cpu.secondsByPart());
        Files.writeString(o.outDir().resolve(SUMMARY), report.toJson());
        return report;
      }
    }
  }

  /** How often the run samples its threads' CPU time ({@link ThreadCpu}). */
  private static final Duration CPU_SAMPLES = Duration.ofMillis(500);

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The recording's frame rate, rounded (the MP4 recorder writes whole frames per second). */
  private static int frameRate(Path video) throws IOException {
    if (!Files.isRegularFile(video)) {
      throw new IllegalArgumentException(
          "demo video " + video + " not found: pass --video with the path of a recording");
    }
    try (VideoSource v = VideoSource.open(video.toString(), Duration.ofSeconds(10))) {
      return (int) Math.max(1, Math.round(v.frameRate()));
    }
  }

  /** Each camera's newest MP4 and the number of frames it decodes to. */
  static Map<String, Map.Entry<Path, Long>> recordings(Path dir, Iterable<String> cameras)
      throws IOException {
    Map<String, Map.Entry<Path, Long>> out = new LinkedHashMap<>();
    for (String camera : cameras) {
      Path newest;
      try (Stream<Path> s = Files.list(dir)) {
        newest =
            s.filter(
                    p ->
                        p.getFileName().toString().startsWith(camera + "-")
                            && p.toString().endsWith(".mp4"))
                .max(java.util.Comparator.comparing(Path::toString))
                .orElse(null);
      }
      if (newest != null) {
        long n = 0;
        try (VideoSource v = VideoSource.open(newest.toString(), Duration.ofSeconds(10))) {
          while (v.next() != null) {
            n++;
          }
        }
        out.put(camera, Map.entry(newest, n));
      }
    }
    return out;
  }

  /**
   * The sink's settings for a demo run of {@code o} on video of {@code fps} frames a second: one
   * recording per camera (not segments on the clock), which the report reads back whole, and for
   * realtime pacing, which makes every camera live (ingest's live=auto), no join wait ({@code
   * join.wait.ms}=0: a sink of live cameras only need not hold each explanation for the camera's
   * next frame); {@code o.sink()} wins.
   */
  static Map<String, String> sinkSettings(Options o, int fps) {
    Map<String, String> sink =
        new LinkedHashMap<>(
            Map.of(
                SinkConfig.RECORD,
                "true",
                SinkConfig.FPS,
                Integer.toString(fps),
                SinkConfig.RECORD_SEGMENT_SECONDS,
                "0"));
    if ("realtime".equals(o.pacing()) && !"false".equals(o.ingest().get(IngestConfig.LIVE))) {
      sink.put(SinkConfig.JOIN_WAIT_MS, "0");
    }
    sink.putAll(o.sink());
    return sink;
  }
}
