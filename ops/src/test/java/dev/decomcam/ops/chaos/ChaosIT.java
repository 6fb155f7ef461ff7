package dev.decomcam.ops.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test, short: 3 brokers, 2 processors and the sink as separate JVMs, 4 cameras of 100
 * frames, 2 processor SIGKILLs and one broker SIGKILL, each restarted. The full run ({@code
 * ops/chaos/run.sh}) is the same code with more frames and kills.
 */
class ChaosIT {
  @Test
  void killedProcessesLoseNothingRepeatNothingAndResumeWarm(@TempDir Path dir) throws Exception {
    ChaosReport r =
        ChaosRun.of(4, 100, 2, 1, 11, dir.resolve("chaos"), Duration.ofMinutes(6)).run();
    String json = r.toJson();
    assertTrue(Files.exists(dir.resolve("chaos").resolve(ChaosReport.FILE)), json);
    assertEquals(0, r.missing(), json);
    assertEquals(0, r.duplicated(), json);
    assertEquals(0, r.outOfOrder(), json);
    assertEquals(2, r.processorKills(), json);
    assertEquals(1, r.brokerRestarts(), json);
    assertEquals(0, r.coldResumes(), json);
    assertTrue(r.warmResumes() > 0, "no camera moved between processors: " + json);
  }
}
