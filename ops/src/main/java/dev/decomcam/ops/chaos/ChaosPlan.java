package dev.decomcam.ops.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a crash test does: {@code cameras} recorded cameras of {@code framesPerCamera} frames each
 * (every frame explained: files read at full speed are not live), {@code processorKills} SIGKILLs
 * of a processor at random points, each restarted, and {@code brokerRestarts} (0 or 1) SIGKILLs of
 * a broker mid-run, restarted. The random points come from {@code seed}.
 */
record ChaosPlan(
    int cameras,
    int framesPerCamera,
    int processorKills,
    int brokerRestarts,
    int partitions,
    long seed,
    Path workDir,
    String brokerHeap,
    String processorHeap,
    String sinkHeap,
    Duration timeout) {

  ChaosPlan {
    if (cameras < 1 || cameras > 64) {
      throw new IllegalArgumentException("chaos: cameras " + cameras + ": set 1..64");
    }
    if (framesPerCamera < 10) {
      throw new IllegalArgumentException(
          "chaos: frames per camera " + framesPerCamera + ": set 10 or more");
    }
    if (processorKills < 0 || processorKills > 1000) {
      throw new IllegalArgumentException(
          "chaos: processor kills " + processorKills + ": set 0..1000");
    }
    if (brokerRestarts < 0 || brokerRestarts > 1) {
      throw new IllegalArgumentException(
          "chaos: broker restarts " + brokerRestarts + ": set 0 or 1");
    }
    if (partitions < 1 || partitions > 256) {
      throw new IllegalArgumentException("chaos: partitions " + partitions + ": set 1..256");
    }
    if (workDir == null) {
      throw new IllegalArgumentException("chaos: no work directory: set one");
    }
    for (String heap : new String[] {brokerHeap, processorHeap, sinkHeap}) {
      if (heap == null || !heap.matches("\\d+[mMgG]")) {
        throw new IllegalArgumentException("chaos: heap '" + heap + "': set a size such as 512m");
      }
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("chaos: timeout " + timeout + ": set a positive one");
    }
  }

  int frames() {
    return cameras * framesPerCamera;
  }
}
