package dev.decomcam.processor.decom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates wall-clock time per named stage of one explanation, in milliseconds, so each result
 * reports where its time went (the per-frame budget is what the stream has to meet). One instance
 * per call; not thread-safe.
 */
public final class StageTimes {

  private final Map<String, Double> ms = new LinkedHashMap<>();

  /**
   * Adds the time since {@code startNanos} (from {@link System#nanoTime()}) to {@code stage};
   * returns now.
   */
  public long since(String stage, long startNanos) {
    long now = System.nanoTime();
    ms.merge(stage, (now - startNanos) / 1e6, Double::sum);
    return now;
  }

  Map<String, Double> snapshot() {
    return new LinkedHashMap<>(ms);
  }

  void ensure(String... stages) {
    for (String s : stages) {
      ms.putIfAbsent(s, 0.0);
    }
  }
}
