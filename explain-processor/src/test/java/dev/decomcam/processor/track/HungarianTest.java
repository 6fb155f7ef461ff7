package dev.decomcam.processor.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Hungarian} against brute force over every one-to-one assignment. */
class HungarianTest {

  @Test
  void degenerateSizes() {
    assertArrayEquals(new int[0], Hungarian.maximise(new double[0][0], 0));
    assertArrayEquals(
        new int[0], Hungarian.maximise(new double[0][0], 3), "no rows, three columns");
    assertArrayEquals(
        new int[] {-1, -1}, Hungarian.maximise(new double[][] {{}, {}}, 0), "two rows, no columns");
    assertArrayEquals(
        new int[] {0}, Hungarian.maximise(new double[][] {{-5}}, 1), "1x1 assigns even a loss");
    assertArrayEquals(
        new int[] {2},
        Hungarian.maximise(new double[][] {{0.1, -3, 0.7, 0.2}}, 4),
        "1xn: the best");
    assertArrayEquals(
        new int[] {-1, -1, 0, -1},
        Hungarian.maximise(new double[][] {{0.1}, {-3}, {0.7}, {0.2}}, 1),
        "nx1: the best row takes the column");
  }

  @Test
  void matchesBruteForceOnRandomMatrices() {
    Random rnd = new Random(20261125);
    int cases = 0;
    for (int rows = 0; rows <= 6; rows++) {
      for (int cols = 0; cols <= 6; cols++) {
        for (int rep = 0; rep < 40; rep++) {
          check(
              random(rnd, rows, cols, false), cols, "continuous " + rows + "x" + cols + " #" + rep);
          check(random(rnd, rows, cols, true), cols, "ties " + rows + "x" + cols + " #" + rep);
          cases += 2;
        }
      }
    }
    assertEquals(2 * 49 * 40, cases);
  }

  @Test
  void allEqualGainsStillGiveAFullAssignment() {
    for (int rows = 1; rows <= 5; rows++) {
      for (int cols = 1; cols <= 5; cols++) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
          Arrays.fill(row, 0.5);
        }
        check(g, cols, "all 0.5, " + rows + "x" + cols);
      }
    }
  }

  /**
   * Gains in [-1, 1); with {@code ties} drawn from {-1, 0, 1, 2} only, so many assignments share
   * the best total and the solver has to break ties without losing optimality.
   */
  static double[][] random(Random rnd, int rows, int cols, boolean ties) {
    double[][] g = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        g[i][j] = ties ? rnd.nextInt(4) - 1 : 2 * rnd.nextDouble() - 1;
      }
    }
    return g;
  }

  /**
   * The solver's answer is a one-to-one assignment of min(rows, cols) pairs with the brute-force
   * best total.
   */
  static void check(double[][] gain, int cols, String what) {
    double[][] copy = Arrays.stream(gain).map(double[]::clone).toArray(double[][]::new);
    int[] a = Hungarian.maximise(gain, cols);
    assertEquals(gain.length, a.length, what);
    for (int i = 0; i < gain.length; i++) {
      assertArrayEquals(copy[i], gain[i], 0.0, what + ": gain not modified");
    }
    boolean[] taken = new boolean[cols];
    int pairs = 0;
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] >= 0) {
        assertTrue(
            a[i] < cols && !taken[a[i]],
            what + ": column " + a[i] + " out of range or taken twice");
        taken[a[i]] = true;
        pairs++;
        total += gain[i][a[i]];
      } else {
        assertEquals(-1, a[i], what);
      }
    }
    assertEquals(Math.min(gain.length, cols), pairs, what + ": pairs in " + Arrays.toString(a));
    double best =
        bruteForce(gain, cols, 0, new boolean[cols], gain.length - Math.min(gain.length, cols));
    assertEquals(best, total, 1e-9, what + ": total of " + Arrays.toString(a));
  }

  /**
   * Best total over every assignment of rows {@code i..} to free columns, {@code skips} rows left
   * unassigned.
   */
  static double bruteForce(double[][] gain, int cols, int i, boolean[] taken, int skips) {
    if (i == gain.length) {
      return 0;
    }
    double best = Double.NEGATIVE_INFINITY;
    if (skips > 0) {
      best = bruteForce(gain, cols, i + 1, taken, skips - 1);
    }
    for (int j = 0; j < cols; j++) {
      if (!taken[j]) {
        taken[j] = true;
        best = Math.max(best, gain[i][j] + bruteForce(gain, cols, i + 1, taken, skips));
        taken[j] = false;
      }
    }
    return best;
  }
}
