package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
   * A thread that spins for half a second and ends before the count is read still counts, in its
   * part; the parts add up to no more than the wall time on the cores the JVM has.
   */
  @Test
  void aBusyThreadThatEndedIsCountedInItsPart() throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self/task")),
        "skipped: no /proc/self/task (not Linux), where the CPU time is read from");
    Map<String, Double> parts;
    long t0 = System.nanoTime();
    try (ThreadCpu cpu = ThreadCpu.start(Duration.ofMillis(50))) {
      Thread busy =
          new Thread(
              () -> {
                long end = System.nanoTime() + 500_000_000L;
                long x = 0;
                while (System.nanoTime() < end) {
                  x += x * 31 + 7;
                }
                if (x == 42) {
                  System.out.print("");
                }
              },
              "decomcam-sink-test");
      busy.start();
      busy.join();
      Thread.sleep(200); // a sample or more after it ended
      cpu.close();
      parts = cpu.secondsByPart();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    assertEquals(ThreadCpu.PARTS, parts.keySet().stream().toList());
    assertTrue(parts.get("sink") >= 0.2, "spun 0.5 s on the sink's part: " + parts);
    double total = parts.values().stream().mapToDouble(Double::doubleValue).sum();
    assertTrue(
        total <= wall * Runtime.getRuntime().availableProcessors() + 0.05,
        "no more CPU than the cores had: " + parts + " in " + wall + " s");
  }
}
