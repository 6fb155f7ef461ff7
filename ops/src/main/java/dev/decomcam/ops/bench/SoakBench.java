package dev.decomcam.ops.bench;

import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestService;
import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.DemoRun;
import dev.decomcam.ops.pipeline.PipelineMetrics;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.sink.SinkConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;

/**
 * {@code ./decomcam bench --soak N}: N frames of one looping video through the whole pipeline in
 * this JVM (embedded broker, ingest, processor, sink, as {@code demo} runs them, fast pacing, every
 * frame explained, the harness aggregating as it goes rather than keeping per-frame records),
 * sampling every {@link #SAMPLE_EVERY} s, or sooner (at most once a second) once {@link
 * #SAMPLE_SHARE} of the frames were explained since the last sample, so that each window holds tens
 * of samples however fast the run goes, right after a full collection, what would grow if something
 * leaked: the process's resident memory, the live Java heap, the native memory JavaCPP holds for
 * FFmpeg and JavaCV (frames, codec contexts, packets), the number of JavaCPP pointers and the open
 * file descriptors. Resident memory is taken after the collection because between collections G1
 * grows the heap it has committed and gives it back after them: read at any other moment it is a
 * saw-tooth of the collector's timing, not of what the process holds. Each gauge's median over the
 * window after warm-up ({@link #EARLY}) is compared with its median over the last one ({@link
 * #LATE}), by frames explained: a figure that grows by more than {@link #MAX_GROWTH} fails. Writes
 * {@code soak.csv}, {@code soak.json} and {@code soak.png} (JFreeChart).
 */
public final class SoakBench {
  /**
   * The window after warm-up, by share of the frames explained after the last frame was published
   * (see {@link SoakReport#steadyFrom}): with fast pacing ingest publishes far faster than frames
   * are explained, and while it publishes the heap holds its producer's buffer and the broker's
   * request buffers, a phase the rest of the run does not have. Its first 20% leave out the
   * start-up and the JIT.
   */
  static final double[] EARLY = {0.2, 0.4};

  /** The last window, by the same share. */
  static final double[] LATE = {0.8, 1.0};

  /** Seconds between samples, each taken right after a full collection (which pauses the run). */
  static final int SAMPLE_EVERY = 5;

  /** Share of the frames explained after which a sample is due before {@link #SAMPLE_EVERY}. */
  static final double SAMPLE_SHARE = 0.005;

  /** Largest growth from the early to the late window that counts as flat. */
  static final double MAX_GROWTH = 0.05;

  /**
   * One sample, taken right after a full collection: seconds since start, frames explained so far,
   * and the gauges.
   */
  public record Sample(
      double seconds,
      long explained,
      long published,
      long rssBytes,
      long heapAfterGcBytes,
      long nativeBytes,
      long pointers,
      long openFiles) {}

  /**
   * @param model model spec
   * @param video video to loop
   * @param frames frames to publish and explain
   * @param out output folder
   */
  public record Options(Path model, Path video, int frames, Path out) {
    public Options {
      if (frames < 100) {
        throw new IllegalArgumentException(
            "soak: --soak " + frames + " frames: use at least 100 (e.g. 10000)");
      }
    }
  }

  private SoakBench() {}

  public static SoakReport run(Options o, String command, PrintStream log)
      throws IOException, InterruptedException {
    AtomicLong explained = new AtomicLong();
    ExplainMetrics counting =
        new ExplainMetrics() {
          @Override
          public void explained(String camera, double seconds, long latencyMs) {
            explained.incrementAndGet();
          }

          @Override
          public void deadLettered(String reason) {}
        };
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    List<IngestService> ingests = new CopyOnWriteArrayList<>();
    LongSupplier published =
        () -> ingests.stream().mapToLong(i -> i.stats().framesAcknowledged()).sum();
    long t0 = System.nanoTime();
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "decomcam-soak-sampler");
              t.setDaemon(true);
              return t;
            });
    long framesPerSample = Math.max(1, Math.round(o.frames() * SAMPLE_SHARE));
    long[] last = {Long.MIN_VALUE / 2, Long.MIN_VALUE / 2}; // nanos, explained
    sampler.scheduleWithFixedDelay(
        () -> {
          long now = System.nanoTime();
          long n = explained.get();
          if (now - last[0] >= TimeUnit.SECONDS.toNanos(SAMPLE_EVERY)
              || n - last[1] >= framesPerSample) {
            last[0] = now;
            last[1] = n;
            samples.add(sample((now - t0) / 1e9, n, published.getAsLong()));
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    log.printf(
        Locale.ROOT,
        "bench: soak, %d frames of %s (looped) through the whole pipeline, fast pacing%n",
        o.frames(),
        o.video());
    DemoReport report;
    try {
      report =
          DemoRun.run(
              new DemoRun.Options(
                  o.out().resolve("run"),
                  o.frames(),
                  1,
                  2,
                  "fast",
                  7,
                  List.of(o.video()),
                  Map.of(ProcessorConfig.MODEL_SPEC, o.model().toString()),
                  Map.of(SinkConfig.RECORD, "false"),
                  Duration.ofHours(2),
                  Map.of(IngestConfig.LOOP, "true")),
              PipelineMetrics.processorOnly(counting),
              ingests::add);
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    samples.add(sample((System.nanoTime() - t0) / 1e9, explained.get(), published.getAsLong()));
    List<Sample> copy;
    synchronized (samples) {
      copy = List.copyOf(samples);
    }
    return new SoakReport(
        o.model().toString(),
        o.video().toString(),
        command,
        report.framesIn(),
        report.overlays(),
        report.exactlyOnceInOrder(),
        copy);
  }

  /**
   * The gauges right after a full collection. The live heap is the heap that survives it: what a
   * leak would grow (the heap a collector reports after its last own collection is no measure: G1
   * leaves old garbage in place between its marking cycles, so that figure climbs for minutes in a
   * healthy run).
   */
  static Sample sample(double seconds, long explained, long published) {
    System.gc();
    long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Sample(
        seconds,
        explained,
        published,
        Pointer.physicalBytes(),
        liveHeap,
        Pointer.totalBytes(),
        Pointer.totalCount(),
        openFiles());
  }

  /** Open file descriptors of this process (Linux); -1 where /proc is absent. */
  private static long openFiles() {
    Path fd = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fd)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(fd)) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
