package dev.decomcam.ops.bench;

import com.google.gson.GsonBuilder;
import dev.decomcam.ops.bench.SoakBench.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A soak run's samples and verdict: for each gauge, its median over the early and the late window
 * ({@link SoakBench#EARLY}, {@link SoakBench#LATE}, by frames explained after the last frame was
 * published, {@link #steadyFrom}) and the growth between them; flat when every gauge grew by at
 * most {@link SoakBench#MAX_GROWTH}. Medians, not means: a single sample caught mid-way through a
 * burst (a collection's aftermath, a segment roll) moves a mean of a few samples but not the
 * median.
 */
public record SoakReport(
    String model,
    String video,
    String command,
    long framesIn,
    long overlays,
    boolean exactlyOnceInOrder,
    List<Sample> samples) {

  /** The gauges, by name, each read from a sample. */
  static final Map<String, ToLongFunction<Sample>> GAUGES = gauges();

  private static Map<String, ToLongFunction<Sample>> gauges() {
    Map<String, ToLongFunction<Sample>> g = new LinkedHashMap<>();
    g.put("rss_bytes", Sample::rssBytes);
    g.put("heap_after_gc_bytes", Sample::heapAfterGcBytes);
    g.put("javacpp_bytes", Sample::nativeBytes);
    g.put("javacpp_pointers", Sample::pointers);
    g.put("open_files", Sample::openFiles);
    return g;
  }

  public SoakReport {
    samples = List.copyOf(samples);
  }

  /** A gauge's median over the early and late windows and the growth between them. */
  public record Growth(double early, double late, double growth, boolean flat) {}

  /**
   * Frames explained at the first sample that saw every frame published: where the run's steady
   * phase (explaining the backlog, nothing more coming in) starts. 0 when no sample saw it.
   */
  public long steadyFrom() {
    for (Sample s : samples) {
      if (s.published() >= framesIn) {
        return s.explained();
      }
    }
    return 0;
  }

  /** Samples up to and including the first that saw every frame explained. */
  private int running() {
    long end = explained();
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).explained() >= end) {
        return i + 1;
      }
    }
    return samples.size();
  }

  /** Frames explained at the end. */
  public long explained() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).explained();
  }

  public Map<String, Growth> growth() {
    Map<String, Growth> out = new LinkedHashMap<>();
    GAUGES.forEach(
        (name, gauge) -> {
          double early = median(gauge, SoakBench.EARLY);
          double late = median(gauge, SoakBench.LATE);
          double growth = early > 0 ? (late - early) / early : Double.NaN;
          out.put(name, new Growth(early, late, growth, !(growth > SoakBench.MAX_GROWTH)));
        });
    return out;
  }

  /** Whether every gauge stayed flat (NaN, e.g. no open-file count off Linux, counts as flat). */
  public boolean flat() {
    return growth().values().stream().allMatch(Growth::flat);
  }

  /**
   * The median of {@code gauge} over the samples whose explained share lies in {@code window} (the
   * mean of the middle two for an even count); NaN when none. Samples after the first that saw
   * every frame explained are left out: they measure the pipeline closing, not running.
   */
  double median(ToLongFunction<Sample> gauge, double[] window) {
    long from = steadyFrom();
    long total = explained() - from;
    List<Long> values = new ArrayList<>();
    for (Sample s : samples.subList(0, running())) {
      double share = total <= 0 ? -1 : (double) (s.explained() - from) / total;
      if (share >= window[0] && share <= window[1] && gauge.applyAsLong(s) >= 0) {
        values.add(gauge.applyAsLong(s));
      }
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("video", video);
    m.put("command", command);
    m.put("frames_in", framesIn);
    m.put("explained", explained());
    m.put("overlays", overlays);
    m.put("exactly_once_in_order", exactlyOnceInOrder);
    m.put("seconds", samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds());
    m.put("steady_from_explained", steadyFrom());
    m.put("early_window", SoakBench.EARLY);
    m.put("late_window", SoakBench.LATE);
    m.put("max_growth", SoakBench.MAX_GROWTH);
    Map<String, Object> g = new LinkedHashMap<>();
    growth()
        .forEach(
            (name, v) ->
                g.put(
                    name,
                    Map.of(
                        "early",
                        v.early(),
                        "late",
                        v.late(),
                        "growth",
                        v.growth(),
                        "flat",
                        v.flat())));
    m.put("growth", g);
    m.put("flat", flat());
    return m;
  }

  /** Writes soak.csv, soak.json and soak.png into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> csv = new ArrayList<>();
    csv.add("seconds,explained,published," + String.join(",", GAUGES.keySet()));
    for (Sample s : samples) {
      StringBuilder line =
          new StringBuilder(
              String.format(Locale.ROOT, "%.1f,%d,%d", s.seconds(), s.explained(), s.published()));
      GAUGES.values().forEach(g -> line.append(',').append(g.applyAsLong(s)));
      csv.add(line.toString());
    }
    Files.write(dir.resolve("soak.csv"), csv);
    Files.writeString(
        dir.resolve("soak.json"),
        new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create()
            .toJson(toMap()));
    ChartUtils.saveChartAsPNG(dir.resolve("soak.png").toFile(), chart(), 1000, 560);
  }

  /** Memory in MiB against frames explained. */
  JFreeChart chart() {
    XYSeries rss = new XYSeries("resident memory after GC (MiB)");
    XYSeries heap = new XYSeries("Java heap after GC (MiB)");
    XYSeries javacpp = new XYSeries("JavaCPP native memory (MiB)");
    for (Sample s : samples) {
      rss.add(s.explained(), s.rssBytes() / 1048576.0);
      heap.add(s.explained(), s.heapAfterGcBytes() / 1048576.0);
      javacpp.add(s.explained(), s.nativeBytes() / 1048576.0);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(rss);
    data.addSeries(heap);
    data.addSeries(javacpp);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            String.format(
                Locale.ROOT,
                "Soak: %d frames through the pipeline (%s)",
                explained(),
                flat() ? "flat after warm-up" : "GROWING"),
            "frames explained",
            "MiB",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < 3; i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    return chart;
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== DecomCAM Live soak ==");
    out.printf(
        Locale.ROOT,
        "model %s, video %s: %d frames in, %d explained, %d overlays, exactly once in order: %s%n",
        model,
        video,
        framesIn,
        explained(),
        overlays,
        exactlyOnceInOrder ? "yes" : "NO");
    out.printf(
        Locale.ROOT,
        "gauge medians (sampled after a full GC), frames explained %.0f-%.0f%% against %.0f-%.0f%%"
            + " of those after the last was published (from frame %d; flat: growth <= %.0f%%)%n",
        100 * SoakBench.EARLY[0],
        100 * SoakBench.EARLY[1],
        100 * SoakBench.LATE[0],
        100 * SoakBench.LATE[1],
        steadyFrom(),
        100 * SoakBench.MAX_GROWTH);
    growth()
        .forEach(
            (name, g) ->
                out.printf(
                    Locale.ROOT,
                    "  %-22s %14.0f %14.0f  %+6.1f%%  %s%n",
                    name,
                    g.early(),
                    g.late(),
                    100 * g.growth(),
                    g.flat() ? "flat" : "GROWS"));
    out.println(flat() ? "soak: flat" : "soak: GROWING");
  }
}
