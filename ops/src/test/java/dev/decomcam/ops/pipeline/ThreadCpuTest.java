package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void threadsGoToTheirPartsByTheirKernelNames() {
    assertEquals("processor", ThreadCpu.part("decomcam-explai"));
    assertEquals("sink", ThreadCpu.part("decomcam-sink-1"));
    assertEquals("ingest", ThreadCpu.part("decomcam-ingest"));
    assertEquals("clients", ThreadCpu.part("kafka-producer-"));
    assertEquals("broker", ThreadCpu.part("data-plane-kafk"));
    assertEquals("broker", ThreadCpu.part("TxnMarkerSender"));
    assertEquals("jit", ThreadCpu.part("C2 CompilerThre"));
    assertEquals("gc", ThreadCpu.part("GC Thread#0"));
    assertEquals("other", ThreadCpu.part("main"));
  }

  /**
   * A thread that spins for half a second of CPU and ends before the count is read still counts, in
   * its part; the parts add up to no more than the wall time on the cores the JVM has. The thread
   * spins on its own CPU clock, not the wall clock, and ends only after a sample saw most of it: on
   * a loaded machine half a second of wall time may be a tenth of that on a core.
   */
  @Test
  void aBusyThreadThatEndedIsCountedInItsPart() throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self/task")),
        "skipped: no /proc/self/task (not Linux), where the CPU time is read from");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(
        threads.isCurrentThreadCpuTimeSupported(), "skipped: this JVM cannot read a thread's CPU");
    Map<String, Double> parts;
    long t0 = System.nanoTime();
    try (ThreadCpu cpu = ThreadCpu.start(Duration.ofMillis(50))) {
      Thread busy =
          new Thread(
              () -> {
                long x = 0;
                while (threads.getCurrentThreadCpuTime() < 500_000_000L
                    || cpu.secondsByPart().get("sink") < 0.45) {
                  for (int i = 0; i < 10_000; i++) {
                    x += x * 31 + 7;
                  }
                }
                if (x == 42) {
                  System.out.print("");
                }
              },
              "decomcam-sink-test");
      busy.setDaemon(true);
      busy.start();
      busy.join(Duration.ofMinutes(2).toMillis());
      assertTrue(
          !busy.isAlive(),
          "in 2 minutes the sampler never saw the busy thread's CPU: " + cpu.secondsByPart());
      Thread.sleep(200); // a sample or more after it ended
      cpu.close();
      parts = cpu.secondsByPart();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    assertEquals(ThreadCpu.PARTS, parts.keySet().stream().toList());
    assertTrue(parts.get("sink") >= 0.45, "spun 0.5 s of CPU on the sink's part: " + parts);
    double total = parts.values().stream().mapToDouble(Double::doubleValue).sum();
    // the counters tick in 1/100 s: each thread may read up to a tick more than it ran
    double ticks = 0.01 * threads.getThreadCount() + 0.05;
    assertTrue(
        total <= wall * Runtime.getRuntime().availableProcessors() + ticks,
        "no more CPU than the cores had: " + parts + " in " + wall + " s");
  }
}
