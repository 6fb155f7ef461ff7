package dev.decomcam.processor.evaluate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Means of every metric per method per subset ({@link Subsets}), with the item count of each
 * subset, the number of items each metric applied to, and the temporal pairs left out at scene
 * cuts. Feed it every {@link ItemResult}; read it with {@link #cell}.
 */
public final class SubsetSummary {

  /** One method's figures on one subset. */
  public static final class Cell {
    private int items;
    private int pairsLeftOut;
    private final Map<Metric, double[]> sums = new EnumMap<>(Metric.class); // {sum, count}

    void add(ItemResult r) {
      items++;
      pairsLeftOut += r.afterCut() ? 1 : 0;
      for (Metric m : Metric.values()) {
        double v = m.of(r);
        if (!Double.isNaN(v)) {
          double[] s = sums.computeIfAbsent(m, k -> new double[2]);
          s[0] += v;
          s[1]++;
        }
      }
    }

    public int items() {
      return items;
    }

    /** Temporal pairs that crossed a scene cut and were left out. */
    public int pairsLeftOut() {
      return pairsLeftOut;
    }

    /** Items the metric applied to. */
    public int count(Metric m) {
      double[] s = sums.get(m);
      return s == null ? 0 : (int) s[1];
    }

    /** The metric's mean over the items it applied to; NaN when none. */
    public double mean(Metric m) {
      double[] s = sums.get(m);
      return s == null ? Double.NaN : s[0] / s[1];
    }
  }

  private final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();

  public void add(ItemResult r) {
    Map<String, Cell> bySubset = cells.computeIfAbsent(r.method(), k -> new LinkedHashMap<>());
    for (String s : Subsets.of(r.confidence(), r.correct())) {
      bySubset.computeIfAbsent(s, k -> new Cell()).add(r);
    }
  }

  /** Methods in the order first seen. */
  public Iterable<String> methods() {
    return cells.keySet();
  }

  /** The method's cell of a subset, or null when no item fell in it. */
  public Cell cell(String method, String subset) {
    Map<String, Cell> m = cells.get(method);
    return m == null ? null : m.get(subset);
  }
}
