package dev.decomcam.ops.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Overlay latencies grouped by when their frames were captured, for the p99 of each stretch of a
 * run: whether latency stays bounded (a live pipeline) or grows (a queue), and how long a cold
 * start takes to settle. Each second of capture time keeps its latencies in a growable {@code int}
 * array, so a run costs about 4 bytes per overlay. Not thread-safe.
 */
final class LatencyWindows {
  /** One capture second's latencies (ms): the first {@code n} of {@code values}. */
  private static final class Second {
    int[] values = new int[16];
    int n;

    void add(int v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
      }
      values[n++] = v;
    }
  }

  /** By capture second (ms since the epoch / 1000). */
  private final TreeMap<Long, Second> bySecond = new TreeMap<>();

  void add(long captureTimestampMs, long latencyMs) {
    bySecond
        .computeIfAbsent(Math.floorDiv(captureTimestampMs, 1000), k -> new Second())
        .add((int) Math.max(0, Math.min(Integer.MAX_VALUE, latencyMs)));
  }

  /**
   * The latency p99 (nearest rank) of each consecutive {@code windowSeconds} of capture time from
   * the first captured second on (the last window may be shorter; a window without overlays, a
   * pause of every camera, reads NaN); empty when nothing was added.
   */
  List<Double> p99ByWindow(int windowSeconds) {
    if (windowSeconds < 1) {
      throw new IllegalArgumentException(
          "latency windows: " + windowSeconds + " s: use at least one second");
    }
    List<Double> out = new ArrayList<>();
    if (bySecond.isEmpty()) {
      return out;
    }
    for (long start = bySecond.firstKey(); start <= bySecond.lastKey(); start += windowSeconds) {
      List<Integer> window = new ArrayList<>();
      for (Second s : bySecond.subMap(start, start + windowSeconds).values()) {
        for (int i = 0; i < s.n; i++) {
          window.add(s.values[i]);
        }
      }
      out.add(new Percentiles(window).get(99));
    }
    return out;
  }
}
