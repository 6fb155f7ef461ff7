package dev.decomcam.ops.chaos;

import dev.decomcam.ingest.IngestService;
import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.ops.pipeline.LocalPipeline;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ChaosPlan}: starts the cluster, the sink and two processors (separate JVMs),
 * ingests the cameras' videos, kills and restarts processes at random points of the progress while
 * reading the committed output, and judges it ({@link ChaosVerdict}).
 *
 * <pre>{@code
 * ChaosReport r = new ChaosRun(plan).run();   // also writes <work>/chaos.json
 * }</pre>
 */
public final class ChaosRun {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

  static final String APPLICATION_ID = "decomcam-explain";
  static final int BROKERS = 3;
  private static final List<String> PROCESSORS = List.of("proc-a", "proc-b");

  /** Output read after the last frame, for anything committed twice to show up. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final ChaosPlan plan;
  private final Random random;
  private final Path root = Path.of(System.getProperty("decomcam.root", "."));
  private final Map<String, JavaProcess> processors = new LinkedHashMap<>();
  private final Map<String, Integer> starts = new HashMap<>();
  private BrokerCluster cluster;

  ChaosRun(ChaosPlan plan) {
    this.plan = plan;
    this.random = new Random(plan.seed());
  }

  /** The plan from the command line's settings; see {@link ChaosPlan} for what each means. */
  public static ChaosRun of(
      int cameras,
      int framesPerCamera,
      int processorKills,
      int brokerRestarts,
      long seed,
      Path workDir,
      Duration timeout) {
    return new ChaosRun(
        new ChaosPlan(
            cameras,
            framesPerCamera,
            processorKills,
            brokerRestarts,
            4,
            seed,
            workDir,
            "512m",
            "768m",
            "512m",
            timeout));
  }

  /** Runs the test, writes {@code chaos.json} into the work directory and returns the report. */
  public ChaosReport run() throws Exception {
    long t0 = System.nanoTime();
    Path work = plan.workDir();
    if (Files.exists(work.resolve("broker-1-data"))) {
      throw new IllegalStateException(
          "chaos: " + work + " holds a previous run: delete it or set another --work.dir");
    }
    Files.createDirectories(work);
    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Path> videos = new LinkedHashMap<>();
    Map<String, GroundTruth> truths = new HashMap<>();
    for (int c = 1; c <= plan.cameras(); c++) {
      String camera = "cam-" + c;
      Path video = work.resolve(camera + ".mp4");
      truths.put(
          camera,
          DemoVideo.generate(
              video, work.resolve(camera + ".json"), plan.seed() + c, plan.framesPerCamera()));
      videos.put(camera, video);
      expected.put(camera, plan.framesPerCamera());
    }
    int processorKills = 0;
    int brokerRestarts = 0;
    Map<String, Set<Long>> handovers = new HashMap<>();
    OutputLedger ledger = null;
    JavaProcess sink = null;
    try {
      cluster = BrokerCluster.start(work, BROKERS, plan.brokerHeap());
      LOG.info("chaos: {} brokers at {}", BROKERS, cluster.bootstrapServers());
      cluster.createTopics(plan.partitions(), LocalPipeline.TOPICS);
      sink = startSink(work);
      for (String p : PROCESSORS) {
        startProcessor(p);
      }
      List<LocalPipeline.Ingest> ingests = new ArrayList<>();
      videos.forEach(
          (camera, video) ->
              ingests.add(
                  LocalPipeline.ingestOnly(
                      cluster.bootstrapServers(),
                      camera,
                      video.toString(),
                      Map.of("pacing", "fast"))));

      ledger = new OutputLedger(cluster.bootstrapServers());
      long total = plan.frames();
      long[] killAt = killPoints(total);
      long brokerAt =
          plan.brokerRestarts() == 0
              ? Long.MAX_VALUE
              : (long) (total * (0.35 + 0.25 * random.nextDouble()));
      Map<String, Long> restartDue = new HashMap<>();
      int brokerDown = -1;
      long brokerUpDue = 0;
      CompletableFuture<Void> brokerBack = null;
      long deadline = t0 + plan.timeout().toNanos();
      long nextOwnership = 0;
      boolean ingested = false;
      boolean finished = false;
      try (Admin admin = cluster.admin()) {
        Ownership ownership = new Ownership(admin, APPLICATION_ID, Topics.FRAMES.name());
        while (System.nanoTime() < deadline) {
          ledger.poll(Duration.ofMillis(200));
          long now = System.nanoTime();
          if (!ingested && ended(ingests)) {
            ingested = true;
            checkIngest(ingests, expected);
          }
          if (now >= nextOwnership) {
            nextOwnership = now + 1_000_000_000L;
            noteHandovers(ownership.poll(), ledger, handovers);
          }
          long progress = ledger.explanations();
          if (processorKills < killAt.length && progress >= killAt[processorKills]) {
            List<String> alive =
                processors.entrySet().stream()
                    .filter(e -> e.getValue().isAlive() && !restartDue.containsKey(e.getKey()))
                    .map(Map.Entry::getKey)
                    .toList();
            List<String> busy = busy(alive, ownership.owners(), ledger, expected);
            List<String> pick = busy.isEmpty() ? alive : busy;
            if (!pick.isEmpty()) {
              String victim = pick.get(random.nextInt(pick.size()));
              LOG.info(
                  "chaos: kill {} of {}: SIGKILL {} at {} explanations",
                  processorKills + 1,
                  killAt.length,
                  victim,
                  progress);
              processors.get(victim).kill();
              processorKills++;
              restartDue.put(victim, now + (1000 + random.nextInt(4000)) * 1_000_000L);
            }
          }
          for (String p : List.copyOf(restartDue.keySet())) {
            if (now >= restartDue.get(p)) {
              restartDue.remove(p);
              startProcessor(p);
            }
          }
          if (brokerDown < 0 && brokerRestarts == 0 && progress >= brokerAt) {
            brokerDown = random.nextInt(BROKERS);
            LOG.info("chaos: SIGKILL broker {} at {} explanations", brokerDown + 1, progress);
            cluster.kill(brokerDown);
            brokerUpDue = now + (4000 + random.nextInt(4000)) * 1_000_000L;
          }
          if (brokerDown >= 0 && brokerBack == null && now >= brokerUpDue) {
            int node = brokerDown;
            // in the background: the output and the group are read on meanwhile
            brokerBack =
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        cluster.restart(node);
                      } catch (Exception e) {
                        throw new CompletionException(e);
                      }
                    });
          }
          if (brokerBack != null && brokerBack.isDone()) {
            brokerBack.join();
            brokerRestarts++;
            brokerDown = -1;
            brokerBack = null;
          }
          for (Map.Entry<String, JavaProcess> e : processors.entrySet()) {
            if (!e.getValue().isAlive() && !restartDue.containsKey(e.getKey())) {
              throw new IllegalStateException(
                  e.getKey()
                      + " exited on its own: see "
                      + work.resolve(e.getKey() + ".log")
                      + tail(work.resolve(e.getKey() + ".log")));
            }
          }
          if (!sink.isAlive()) {
            throw new IllegalStateException(
                "the sink exited on its own: see "
                    + work.resolve("sink.log")
                    + tail(work.resolve("sink.log")));
          }
          if (ingested && done(ledger, expected) && restartDue.isEmpty() && brokerDown < 0) {
            finished = true;
            break;
          }
        }
      }
      if (!finished) {
        LOG.warn(
            "chaos: the run reached its timeout ({} s) with {} of {} explanations read: frames"
                + " reported missing may be unfinished rather than lost (raise --timeout.minutes on"
                + " a loaded machine); logs in {}",
            plan.timeout().toSeconds(),
            ledger.explanations(),
            plan.frames(),
            work);
      }
      long settle = System.nanoTime() + SETTLE.toNanos();
      while (System.nanoTime() < settle) {
        ledger.poll(Duration.ofMillis(200));
      }
      ingests.forEach(LocalPipeline.Ingest::close);
    } finally {
      for (JavaProcess p : processors.values()) {
        p.stop(30);
      }
      if (sink != null) {
        sink.stop(30);
      }
      if (ledger != null) {
        ledger.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    }
    ChaosVerdict verdict =
        ChaosVerdict.judge(
            expected,
            ledger.explained(),
            ledger.overlaid(),
            handovers,
            (camera, s) -> classChanged(truths.get(camera), s));
    double seconds = (System.nanoTime() - t0) / 1e9;
    ChaosReport report = new ChaosReport(verdict, processorKills, brokerRestarts, seconds);
    Path json = report.write(work);
    LOG.info(
        "chaos: {}: {} hand-overs warm, {} cold, {} at a content change -> {}",
        verdict.passed() ? "passed" : "FAILED",
        verdict.warmResumes(),
        verdict.coldResumes(),
        verdict.contentResumes(),
        json);
    return report;
  }

  /**
   * Progress points (explanations read) of the processor kills: one in each of equal slices of the
   * first 85% of the run, at a random place within the slice.
   */
  private long[] killPoints(long total) {
    int k = plan.processorKills();
    long[] at = new long[k];
    for (int i = 0; i < k; i++) {
      double slice = 0.8 / k;
      at[i] = (long) (total * (0.05 + slice * (i + 0.1 + 0.8 * random.nextDouble())));
    }
    return at;
  }

  /**
   * The processes among {@code alive} that own the most cameras still being explained (none when no
   * process owns one, or the owners are not known yet): a kill of one of them hands cameras over
   * mid-stream, which is what shows a resume warm or cold. A process that owns only empty or
   * finished partitions would be killed for nothing to see (the short run's four cameras lie on
   * three of its four partitions, two on one), and a hand-over where the content changes shows
   * neither, so the more cameras each kill moves, the surer the run sees a resume.
   */
  private List<String> busy(
      List<String> alive,
      Map<Integer, String> owners,
      OutputLedger ledger,
      Map<String, Integer> expected) {
    Map<String, Integer> unfinished = new HashMap<>();
    ledger
        .partitions()
        .forEach(
            (camera, partition) -> {
              String owner = owners.get(partition);
              if (owner != null
                  && ledger.lastExplained(camera) + 1 < expected.getOrDefault(camera, 0)) {
                unfinished.merge(owner, 1, Integer::sum);
              }
            });
    int most = 0;
    List<String> out = new ArrayList<>();
    for (String p : alive) {
      int n = unfinished.getOrDefault(clientId(p), 0);
      if (n > most) {
        most = n;
        out.clear();
      }
      if (n == most && n > 0) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean classChanged(GroundTruth truth, long s) {
    if (truth == null || s <= 0 || s >= truth.frames().size()) {
      return false;
    }
    return truth.frames().get((int) s).classIndex() != truth.frames().get((int) s - 1).classIndex();
  }

  private static boolean done(OutputLedger ledger, Map<String, Integer> expected) {
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      long n = e.getValue();
      if (ledger.explained().getOrDefault(e.getKey(), List.of()).stream()
                  .mapToLong(OutputLedger.Explained::sequence)
                  .distinct()
                  .count()
              < n
          || ledger.overlaid().getOrDefault(e.getKey(), List.of()).stream().distinct().count()
              < n) {
        return false;
      }
    }
    return true;
  }

  /**
   * Each camera on a partition that changed owner was handed over after the last frame read for it
   * (cameras not yet explained have nothing to resume).
   */
  private static void noteHandovers(
      List<Integer> moved, OutputLedger ledger, Map<String, Set<Long>> handovers) {
    for (int partition : moved) {
      for (Map.Entry<String, Integer> e : ledger.partitions().entrySet()) {
        long last = ledger.lastExplained(e.getKey());
        if (e.getValue() == partition && last >= 0) {
          handovers.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(last);
        }
      }
    }
  }

  private static boolean ended(List<LocalPipeline.Ingest> ingests) throws InterruptedException {
    for (LocalPipeline.Ingest i : ingests) {
      if (!i.service().awaitTermination(Duration.ZERO)) {
        return false;
      }
    }
    return true;
  }

  private static void checkIngest(
      List<LocalPipeline.Ingest> ingests, Map<String, Integer> expected) {
    for (LocalPipeline.Ingest i : ingests) {
      IngestService.Stats s = i.service().stats();
      String camera = i.service().config().cameraId();
      if (s.framesAcknowledged() != expected.get(camera)) {
        throw new IllegalStateException(
            "ingest of "
                + camera
                + " published "
                + s.framesAcknowledged()
                + " of "
                + expected.get(camera)
                + " frames ("
                + s.endReason()
                + (s.failure() == null ? "" : ", " + s.failure())
                + ")");
      }
    }
  }

  private void startProcessor(String name) throws Exception {
    int n = starts.merge(name, 1, Integer::sum);
    Path work = plan.workDir();
    LOG.info("chaos: starting {} (start {})", name, n);
    processors.put(
        name,
        JavaProcess.start(
            name,
            plan.processorHeap(),
            "dev.decomcam.ops.cli.Decomcam",
            List.of(
                "process",
                "--bootstrap.servers=" + cluster.bootstrapServers(),
                "--application.id=" + APPLICATION_ID,
                "--model.spec=" + root.resolve("models/demo-shapes/spec.json"),
                "--state.dir=" + work.resolve(name + "-state"),
                // one client id per process start: the hand-overs are told apart by it
                "--kafka.client.id=" + clientId(name),
                "--kafka.replication.factor=" + BrokerCluster.REPLICATION,
                "--kafka.commit.interval.ms=100",
                // a killed member must leave the group quickly for the other to take its cameras
                "--kafka.session.timeout.ms=6000",
                "--kafka.heartbeat.interval.ms=1000"),
            work.resolve(name + ".log")));
  }

  /**
   * The client id of {@code name}'s current start, {@code <name>-<start>}: {@link Ownership}
   * reports owners by it, so the hand-overs of each start are told apart.
   */
  private String clientId(String name) {
    return name + "-" + starts.get(name);
  }

  private JavaProcess startSink(Path work) throws Exception {
    return JavaProcess.start(
        "sink",
        plan.sinkHeap(),
        "dev.decomcam.ops.cli.Decomcam",
        List.of(
            "sink",
            "--bootstrap.servers=" + cluster.bootstrapServers(),
            "--state.dir=" + work.resolve("sink-state"),
            "--output.dir=" + work.resolve("recordings"),
            "--kafka.replication.factor=" + BrokerCluster.REPLICATION,
            "--kafka.commit.interval.ms=100"),
        work.resolve("sink.log"));
  }

  /** The last lines of a process's log that say what went wrong, for the failure's message. */
  static String tail(java.nio.file.Path log) {
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
      java.util.List<String> telling =
          lines.stream()
              .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("Error:"))
              .toList();
      java.util.List<String> pick = telling.isEmpty() ? lines : telling;
      return "; its last lines:\n  "
          + String.join("\n  ", pick.subList(Math.max(0, pick.size() - 12), pick.size()));
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }
}
