package dev.decomcam.processor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fair share on hand-made times, and the live policy with it on a simulated stream thread. */
class FairShareTest {

  @Test
  void oneLiveCameraIsNeverHeldBack() {
    FairShare f = new FairShare(2_000);
    assertTrue(f.check("a", 0).isEmpty());
    f.explained("a", 0, 20);
    assertTrue(f.check("a", 1).isEmpty());
  }

  @Test
  void aCameraExplainedSoonerThanItsShareIsSkippedWithAOneLineReason() {
    FairShare f = new FairShare(2_000);
    f.check("a", 0);
    f.check("b", 0);
    // fair interval: 2 cameras x 20 ms = 40 ms: a credit every 40 ms
    f.explained("a", 0, 20);
    Optional<String> early = f.check("a", 35);
    assertTrue(early.isPresent());
    assertEquals(
        "camera explained 35 ms ago, more often than its fair share of one frame every 40 ms"
            + " (2 live cameras x 20.0 ms on this stream thread): skipped to keep every live camera"
            + " current",
        early.get());
    assertFalse(early.get().contains("\n"));
    assertTrue(f.check("a", 40).isEmpty());
    assertTrue(f.check("b", 1).isEmpty(), "a camera not yet explained is always due");
  }

  @Test
  void camerasNotSeenForAWhileNoLongerCount() {
    FairShare f = new FairShare(2_000);
    f.check("a", 0);
    f.check("b", 0);
    f.explained("a", 0, 20);
    assertEquals(2, f.liveCameras(1_000));
    f.check("a", 2_001);
    f.explained("a", 2_001, 20);
    assertEquals(1, f.liveCameras(2_002), "b went silent at 0");
    assertTrue(f.check("a", 2_002).isEmpty());
  }

  @Test
  void theMeanFollowsExplainTimes() {
    FairShare f = new FairShare(2_000);
    assertTrue(Double.isNaN(f.meanExplainMs()));
    f.check("a", 0);
    f.explained("a", 0, 10);
    assertEquals(10, f.meanExplainMs(), 1e-9);
    f.explained("a", 10, 20);
    assertEquals(11, f.meanExplainMs(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> new FairShare(0));
  }

  @Test
  void aFloodOfCameraIdsIsNotTracked() {
    FairShare f = new FairShare(60_000);
    for (int i = 0; i < FairShare.MAX_CAMERAS + 100; i++) {
      f.check("cam-" + i, i);
    }
    assertEquals(FairShare.MAX_CAMERAS, f.liveCameras(FairShare.MAX_CAMERAS + 100));
  }

  /** A thread that keeps up with its cameras skips nothing, fair share or not. */
  @Test
  void nothingIsSkippedWhenTheThreadKeepsUp() {
    Result r = simulate(new int[][] {{0}, {1, 2, 3}}, 8, true);
    assertEquals(0, r.skipped());
    assertTrue(r.maxAgeMs() < 100, "age " + r.maxAgeMs());
  }

  /**
   * Two partitions served in turn, one with one camera and one with three, 100 frames/s offered and
   * 43 explainable: by age alone the lone camera takes half the thread; with the fair share every
   * camera gets about a quarter, and the thread stays as busy.
   */
  @Test
  void underOverloadEveryLiveCameraGetsAnEqualShare() {
    int[][] partitions = {{0}, {1, 2, 3}};
    Result unfair = simulate(partitions, 23, false);
    Result fair = simulate(partitions, 23, true);
    assertTrue(
        unfair.explained()[0] > 2 * unfair.explained()[1],
        "by age alone the lone camera gets far more: " + unfair);
    double mean = fair.total() / 4.0;
    for (int c = 0; c < 4; c++) {
      assertTrue(Math.abs(fair.explained()[c] - mean) < 0.2 * mean, "camera " + c + " in " + fair);
    }
    assertTrue(fair.total() > 0.97 * unfair.total(), "skipping wastes no capacity: " + fair);
    assertTrue(fair.maxAgeMs() <= 300 + 23, "frames stay within live.max.lag.ms: " + fair);
  }

  record Result(int[] explained, int skipped, long maxAgeMs) {
    int total() {
      int t = 0;
      for (int e : explained) {
        t += e;
      }
      return t;
    }

    @Override
    public String toString() {
      return "explained " + java.util.Arrays.toString(explained) + ", skipped " + skipped;
    }
  }

  /**
   * One stream thread serving {@code partitions} (camera ids per partition) in turn, a record at a
   * time, for 60 simulated seconds of 25 frames/s per camera; an explained frame takes {@code
   * explainMs}, a skipped one 0.2 ms.
   */
  private static Result simulate(int[][] partitions, int explainMs, boolean withFairShare) {
    int cameras = 0;
    for (int[] p : partitions) {
      cameras += p.length;
    }
    AtomicLong clock = new AtomicLong();
    LivePolicy policy =
        new LivePolicy(300, clock::get, withFairShare ? new FairShare(2_000) : null);
    List<ArrayDeque<long[]>> queues = new ArrayList<>();
    for (int i = 0; i < partitions.length; i++) {
      queues.add(new ArrayDeque<>());
    }
    int[] explained = new int[cameras];
    int skipped = 0;
    long maxAge = 0;
    double now = 0;
    long nextFrame = 0;
    int turn = 0;
    while (now < 60_000) {
      while (nextFrame <= now) { // every camera captures a frame each 40 ms, 3 ms apart
        for (int p = 0; p < partitions.length; p++) {
          for (int c : partitions[p]) {
            queues.get(p).add(new long[] {c, nextFrame + 3L * c});
          }
        }
        nextFrame += 40;
      }
      ArrayDeque<long[]> q = null;
      for (int i = 0; i < partitions.length && q == null; i++) {
        ArrayDeque<long[]> candidate = queues.get((turn + i) % partitions.length);
        if (!candidate.isEmpty() && candidate.peek()[1] <= now) {
          q = candidate;
          turn = (turn + i + 1) % partitions.length;
        }
      }
      if (q == null) {
        now = Math.max(now + 1, nextFrame);
        continue;
      }
      long[] f = q.poll();
      clock.set((long) now);
      LivePolicy.Decision d = policy.decide(true, "cam-" + f[0], f[1]);
      if (d.skip()) {
        skipped++;
        now += 0.2;
      } else {
        maxAge = Math.max(maxAge, d.ageMs());
        explained[(int) f[0]]++;
        policy.explained("cam-" + f[0], (long) now, explainMs);
        now += explainMs;
      }
    }
    return new Result(explained, skipped, maxAge);
  }
}
