package dev.decomcam.ops.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time this JVM's threads spent during a run, by the part of the pipeline they belong to: the
 * processor's and the sink's stream threads, ingest, the Kafka clients' network threads, the
 * embedded broker, the JIT compiler, the garbage collector (with the VM thread) and the rest. It
 * answers where a frame's CPU goes on a machine whose cores the parts share, which stage times
 * (wall time, waiting for a core included) do not.
 *
 * <p>Read from Linux's per-thread counters ({@code /proc/self/task/<tid>/stat}), which cover the
 * JVM's own threads (JIT, GC) that Java's thread API does not show. Threads are told apart by their
 * names as the kernel keeps them (15 characters). Sampled every {@code every}, so a thread that
 * ends during the run counts up to its last sample. Where {@code /proc} is not there, {@link
 * #secondsByPart} is empty.
 */
public final class ThreadCpu implements AutoCloseable {

  /** The parts, in the order reports list them. */
  public static final List<String> PARTS =
      List.of("processor", "sink", "ingest", "clients", "broker", "jit", "gc", "other");

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Clock ticks per second of the stat counters (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  private final Map<String, long[]> atStart = new HashMap<>();
  private final Map<String, long[]> latest = new HashMap<>();
  private final ScheduledExecutorService sampler;
  private final boolean available;
  private boolean closed;

  private ThreadCpu(Duration every) {
    available = Files.isDirectory(TASKS);
    if (available) {
      sample(atStart);
    }
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "decomcam-cpu-sampler");
              t.setDaemon(true);
              return t;
            });
    if (available) {
      sampler.scheduleAtFixedRate(
          () -> sample(latest), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts counting from now, sampling every {@code every}. */
  public static ThreadCpu start(Duration every) {
    return new ThreadCpu(every);
  }

  /** Stops sampling (after one last sample); only the first call does anything. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (available) {
      sample(latest);
    }
  }

  /**
   * CPU seconds per part ({@link #PARTS} order) since {@link #start}, for threads alive at one
   * sample or more; empty without {@code /proc}.
   */
  public synchronized Map<String, Double> secondsByPart() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!available) {
      return out;
    }
    PARTS.forEach(p -> out.put(p, 0.0));
    latest.forEach(
        (tid, v) -> {
          long[] s = atStart.get(tid);
          // a thread id reused by a later thread starts again from zero
          long before = s != null && s[1] == v[1] && s[0] <= v[0] ? s[0] : 0;
          String part = PARTS.get((int) v[1]);
          out.merge(part, (v[0] - before) / TICKS, Double::sum);
        });
    return out;
  }

  /** Each live thread's CPU ticks and part, by thread id. */
  private synchronized void sample(Map<String, long[]> into) {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended between listing and reading
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        String[] f = stat.substring(close + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime), counted from the state field (3) here
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        into.put(
            task.getFileName().toString(),
            new long[] {ticks, PARTS.indexOf(part(stat.substring(open + 1, close)))});
      }
    } catch (IOException | RuntimeException e) {
      // a figure, not a function of the pipeline: leave the last sample as it is
    }
  }

  /** The part a thread belongs to, from its kernel name (at most 15 characters). */
  static String part(String name) {
    if (name.startsWith("decomcam-explai")) {
      return "processor";
    }
    if (name.startsWith("decomcam-sink")) {
      return "sink";
    }
    if (name.startsWith("decomcam-ingest")) {
      return "ingest";
    }
    if (name.startsWith("kafka-producer-")
        || name.startsWith("kafka-consumer")
        || name.startsWith("kafka-coordinat")
        || name.startsWith("kafka-admin-cli")) {
      return "clients";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread")
        || name.startsWith("G1 ")
        || name.startsWith("VM Thread")
        || name.startsWith("Sweeper")) {
      return "gc";
    }
    if (name.startsWith("data-plane")
        || name.startsWith("kafka-")
        || name.startsWith("group-coordinat")
        || name.startsWith("share-coordinat")
        || name.startsWith("quorum-control")
        || name.startsWith("TxnMarkerSender")
        || name.startsWith("AddPartitionsTo")
        || name.startsWith("ExpirationReap")
        || name.startsWith("broker-")
        || name.startsWith("transaction-")
        || name.startsWith("controller-")
        || name.startsWith("raft-")
        || name.startsWith("LogDirFailure")) {
      return "broker";
    }
    return "other";
  }
}
