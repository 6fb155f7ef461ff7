package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyWindowsTest {
  private static final long T0 = 1_764_500_000_000L; // a whole second

  @Test
  void eachWindowHasTheNearestRankP99OfTheFramesCapturedInIt() {
    LatencyWindows w = new LatencyWindows();
    // first 10 s: 200 frames at 100 ms, two slow ones (p99 of 200 is the 198th: 100)
    for (int i = 0; i < 200; i++) {
      w.add(T0 + i * 50L, i < 2 ? 5000 : 100);
    }
    // next 10 s: 100 frames of 40 ms and one of 900 (p99 of 101 is the 100th: 40)
    for (int i = 0; i < 100; i++) {
      w.add(T0 + 10_000 + i * 99L, 40);
    }
    w.add(T0 + 19_999, 900);
    assertEquals(List.of(100.0, 40.0), w.p99ByWindow(10));
    // one window over everything: p99 of 301 is the 298th value, still a fast one
    assertEquals(List.of(100.0), w.p99ByWindow(20));
  }

  @Test
  void windowsFollowTheFirstCaptureNotTheClockAndGapsReadNaN() {
    LatencyWindows w = new LatencyWindows();
    w.add(T0 + 7_300, 10); // the run starts 7.3 s into a clock window
    w.add(T0 + 16_900, 20); // same 10 s window as the first frame (second 7 to 16)
    w.add(T0 + 17_000, 30); // the next one
    w.add(T0 + 37_500, 40); // after a 10 s pause of every camera
    List<Double> p99 = w.p99ByWindow(10);
    assertEquals(4, p99.size(), p99.toString());
    assertEquals(20.0, p99.get(0));
    assertEquals(30.0, p99.get(1));
    assertTrue(p99.get(2).isNaN(), p99.toString());
    assertEquals(40.0, p99.get(3));
  }

  @Test
  void aRunThatSlowsDownAndRecoversShowsItWindowByWindow() {
    LatencyWindows w = new LatencyWindows();
    // 25 fps for 30 s from 5 s into the clock: 100 ms, then 9 s, then 500 ms of latency
    for (long t = 0; t < 30_000; t += 40) {
      w.add(T0 + 5_000 + t, t < 10_000 ? 100 : t > 20_000 ? 500 : 9_000);
    }
    assertEquals(List.of(100.0, 9_000.0, 500.0), w.p99ByWindow(10));
  }

  @Test
  void anEmptyRunHasNoWindowsAndAWindowNeedsASecond() {
    assertEquals(List.of(), new LatencyWindows().p99ByWindow(10));
    assertThrows(IllegalArgumentException.class, () -> new LatencyWindows().p99ByWindow(0));
  }
}
