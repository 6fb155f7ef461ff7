package dev.decomcam.ops.evaluate;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA: redrawn in place ({@code \r}) on a terminal, one line
 * per tenth of the work otherwise (logs, CI).
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String unit;
  private final int total;
  private final boolean terminal;
  private final long startNs = System.nanoTime();
  private int lastTenth = -1;

  public ProgressBar(PrintStream out, String unit, int total, boolean terminal) {
    this.out = out;
    this.unit = unit;
    this.total = Math.max(1, total);
    this.terminal = terminal;
  }

  /** Shows {@code done} of the total (and {@code note}, e.g. the current item). */
  public void update(int done, String note) {
    if (terminal) {
      out.print("\r" + line(done, System.nanoTime() - startNs) + " " + note + "\u001b[K");
      out.flush();
      return;
    }
    int tenth = done * 10 / total;
    if (tenth != lastTenth) {
      lastTenth = tenth;
      out.println(line(done, System.nanoTime() - startNs));
    }
  }

  /** Ends the bar's line. */
  public void finish() {
    if (terminal) {
      out.println();
    }
  }

  /** {@code [#####.....] 12/40 items 1.5 items/s ETA 0:19}. */
  String line(int done, long elapsedNs) {
    int filled = (int) ((long) WIDTH * Math.min(done, total) / total);
    double secs = elapsedNs / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    String eta = rate > 0 ? clock((total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d %s  %.2f %s/s  ETA %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        unit,
        rate,
        unit,
        eta);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
