package dev.decomcam.processor.decom;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The largest eigenpairs of a real symmetric matrix, without its full eigendecomposition: LAPACK's
 * route for a few eigenpairs (dsytrd, dstebz, dstein, dormtr). Householder reduction to a
 * tridiagonal T = QᵀAQ; bisection on T's Sturm sequence for just the wanted eigenvalues; inverse
 * iteration on T for their vectors, re-orthogonalised within clusters of close eigenvalues; Q
 * applied to those vectors only. A QR-algorithm decomposition instead rotates all n eigenvectors at
 * every step, several times the cost of the reduction, when Decom-CAM wants 15 of 49 to 100.
 *
 * <p>Backward stable like the QR algorithm: eigenvalues carry an absolute error of a few ε·‖A‖,
 * eigenvectors an angle of about ε·‖A‖/gap, so both agree with a full decomposition to rounding
 * ({@code SymmetricTopEigenTest}); within a cluster of (nearly) equal eigenvalues any orthonormal
 * basis of the cluster's subspace is as right as another. Stateless and thread-safe.
 *
 * <p>Parlett, "The Symmetric Eigenvalue Problem", ch. 3-4 and 7; Golub and Van Loan, "Matrix
 * Computations", 4th ed., §8.3 (tridiagonalisation) and §8.4 (bisection, inverse iteration).
 */
final class SymmetricTopEigen {

  /**
   * The found eigenpairs: {@code values} descending, eigenvector j (unit length) at {@code
   * vectors[j*n, (j+1)*n)}.
   */
  record Pairs(int n, double[] values, double[] vectors) {
    int count() {
      return values.length;
    }
  }

  private static final double EPS = Math.ulp(1.0);

  /** Close eigenvalues (gap at most this share of ‖T‖) have their vectors re-orthogonalised. */
  private static final double CLUSTER = 1e-3;

  /** Inverse-iteration solves per vector: with a shift accurate to ε·‖T‖ one solve nearly does. */
  private static final int SOLVES = 3;

  /** Targets bisected together: independent Sturm sequences interleaved for the CPU's pipeline. */
  private static final int LANES = 4;

  private SymmetricTopEigen() {}

  /**
   * The at most {@code count} largest eigenpairs of the symmetric n×n matrix {@code a} (row-major,
   * full storage; overwritten) whose eigenvalue is above {@code floorShare} × the largest (and
   * above 0); null if rounding went non-finite (an input with NaN or infinite values, or an
   * overflow), so the caller can fall back to a full decomposition.
   */
  static Pairs largest(double[] a, int n, int count, double floorShare) {
    if (a.length < n * n || count < 0 || count > n) {
      throw new IllegalArgumentException(
          "symmetric top eigen: need an n×n matrix and 0 <= count <= n, got "
              + a.length
              + " values, n="
              + n
              + ", count="
              + count);
    }
    if (count == 0) {
      return new Pairs(n, new double[0], new double[0]);
    }
    double[] d = new double[n];
    double[] e = new double[n];
    double[] tau = new double[n];
    tridiagonalise(a, n, d, e, tau);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(d[i]) || !Double.isFinite(e[i])) {
        return null;
      }
    }
    double[] values = eigenvalues(d, e, n, count);
    double floor = floorShare * Math.max(0, values[0]);
    int found = 0;
    while (found < count && values[found] > floor) {
      found++;
    }
    double[] top = Arrays.copyOf(values, found);
    double[] z = vectors(d, e, n, top, tnorm(d, e, n));
    if (z == null) {
      return null;
    }
    backTransform(a, n, tau, z, found);
    for (double v : z) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return new Pairs(n, top, z);
  }

  /**
   * Householder reduction of symmetric {@code a} (n×n, row-major, full storage) to tridiagonal T =
   * QᵀAQ, Q = H_0·…·H_{n−2}: diagonal into d, off-diagonal into e (e[k] = T[k+1][k]); H_k = I −
   * tau_k·v·vᵀ with v zero up to k, v_{k+1} = 1 and v_{k+2..} kept in row k of {@code a}. The
   * trailing block is updated in full storage, so its matrix-vector product runs over contiguous
   * rows.
   */
  static void tridiagonalise(double[] a, int n, double[] d, double[] e, double[] tau) {
    double[] w = new double[n];
    for (int k = 0; k < n - 1; k++) {
      int row = k * n;
      int s = k + 1;
      d[k] = a[row + k];
      double alpha = a[row + s];
      double tail = 0;
      for (int j = s + 1; j < n; j++) {
        tail += a[row + j] * a[row + j];
      }
      if (tail == 0) {
        tau[k] = 0; // already tridiagonal in this column: H_k = I
        e[k] = alpha;
        continue;
      }
      double beta = -Math.copySign(Math.sqrt(alpha * alpha + tail), alpha);
      double t = (beta - alpha) / beta;
      double scale = 1 / (alpha - beta);
      a[row + s] = 1;
      for (int j = s + 1; j < n; j++) {
        a[row + j] *= scale;
      }
      tau[k] = t;
      e[k] = beta;
      // w = t·B·v (B symmetric: a sum of its rows, so the loop vectorises), then w −= (t/2)(wᵀv)·v
      Arrays.fill(w, s, n, 0.0);
      for (int i = s; i < n; i++) {
        int ri = i * n;
        double vi = t * a[row + i];
        for (int j = s; j < n; j++) {
          w[j] += vi * a[ri + j];
        }
      }
      double wv = 0;
      for (int i = s; i < n; i++) {
        wv += w[i] * a[row + i];
      }
      double half = -0.5 * t * wv;
      for (int i = s; i < n; i++) {
        w[i] += half * a[row + i];
      }
      // B −= v·wᵀ + w·vᵀ
      for (int i = s; i < n; i++) {
        int ri = i * n;
        double vi = a[row + i];
        double wi = w[i];
        for (int j = s; j < n; j++) {
          a[ri + j] -= vi * w[j] + wi * a[row + j];
        }
      }
    }
    d[n - 1] = a[n * n - 1];
  }

  /** A bound on ‖T‖ (Gershgorin), at least the smallest normal number. */
  private static double tnorm(double[] d, double[] e, int n) {
    double norm = Double.MIN_NORMAL;
    for (int i = 0; i < n; i++) {
      double r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
      norm = Math.max(norm, Math.abs(d[i]) + r);
    }
    return norm;
  }

  /**
   * The {@code count} largest eigenvalues of T (d, e), descending, by bisection to about ε·‖T‖:
   * {@link #LANES} at a time, and every Sturm count also narrows the brackets of the later ones.
   */
  static double[] eigenvalues(double[] d, double[] e, int n, int count) {
    double[] e2 = new double[n];
    double emax = 0;
    for (int i = 0; i < n - 1; i++) {
      e2[i] = e[i] * e[i];
      emax = Math.max(emax, e2[i]);
    }
    double norm = tnorm(d, e, n);
    double pivmin = Double.MIN_NORMAL * Math.max(1, emax);
    double margin = 2 * EPS * norm * n + 4 * pivmin;
    double[] lo = new double[count];
    double[] hi = new double[count];
    Arrays.fill(lo, -norm - margin);
    Arrays.fill(hi, norm + margin);
    double[] mid = new double[LANES];
    int[] below = new int[LANES];
    for (int first = 0; first < count; first += LANES) {
      int lanes = Math.min(LANES, count - first);
      for (int it = 0; it < 200; it++) {
        boolean open = false;
        for (int r = 0; r < LANES; r++) {
          int j = first + Math.min(r, lanes - 1);
          double l = lo[j];
          double u = hi[j];
          double m = 0.5 * (l + u);
          boolean done = u - l <= 2 * EPS * Math.max(Math.abs(l), Math.abs(u)) + EPS * norm;
          open |= r < lanes && !done && m > l && m < u;
          mid[r] = m;
        }
        if (!open) {
          break;
        }
        sturm(d, e2, n, mid, pivmin, below);
        for (int r = 0; r < lanes; r++) {
          // eigenvalue k (ascending) is below mid iff more than k are: narrow every later bracket
          for (int j = first; j < count; j++) {
            int k = n - 1 - j;
            if (below[r] > k) {
              hi[j] = Math.min(hi[j], mid[r]);
            } else {
              lo[j] = Math.max(lo[j], mid[r]);
            }
          }
        }
      }
    }
    double[] values = new double[count];
    for (int j = 0; j < count; j++) {
      values[j] = 0.5 * (lo[j] + hi[j]);
    }
    return values;
  }

  /** How many eigenvalues of T lie below each of the {@link #LANES} points (Sturm counts). */
  private static void sturm(
      double[] d, double[] e2, int n, double[] x, double pivmin, int[] below) {
    double x0 = x[0];
    double x1 = x[1];
    double x2 = x[2];
    double x3 = x[3];
    double q0 = 1;
    double q1 = 1;
    double q2 = 1;
    double q3 = 1;
    int c0 = 0;
    int c1 = 0;
    int c2 = 0;
    int c3 = 0;
    double off = 0;
    for (int i = 0; i < n; i++) {
      double di = d[i];
      q0 = pivot(di - x0 - off / q0, pivmin);
      q1 = pivot(di - x1 - off / q1, pivmin);
      q2 = pivot(di - x2 - off / q2, pivmin);
      q3 = pivot(di - x3 - off / q3, pivmin);
      c0 += q0 < 0 ? 1 : 0;
      c1 += q1 < 0 ? 1 : 0;
      c2 += q2 < 0 ? 1 : 0;
      c3 += q3 < 0 ? 1 : 0;
      off = e2[i];
    }
    below[0] = c0;
    below[1] = c1;
    below[2] = c2;
    below[3] = c3;
  }

  /** A pivot of the Sturm sequence kept away from zero (LAPACK's pivmin). */
  private static double pivot(double q, double pivmin) {
    return Math.abs(q) <= pivmin ? -pivmin : q;
  }

  /**
   * Unit eigenvectors of T for the given eigenvalues (descending), vector j at [j*n, (j+1)*n), by
   * inverse iteration from a fixed pseudo-random start; a vector whose eigenvalue lies within
   * {@link #CLUSTER}·‖T‖ of the previous one is kept orthogonal to the rest of its cluster. Null if
   * a solve went non-finite.
   */
  private static double[] vectors(double[] d, double[] e, int n, double[] values, double norm) {
    int count = values.length;
    double[] z = new double[count * n];
    double[] lu = new double[5 * n];
    SplittableRandom random = new SplittableRandom(n);
    int cluster = 0;
    double previousShift = 0;
    for (int j = 0; j < count; j++) {
      double shift = values[j];
      if (j > 0) {
        if (values[j - 1] - values[j] > CLUSTER * norm) {
          cluster = j;
        }
        // equal eigenvalues: different shifts, so the solves do not repeat one direction
        double apart = 10 * EPS * Math.max(Math.abs(shift), norm * EPS);
        shift = Math.min(shift, previousShift - apart);
      }
      previousShift = shift;
      factor(d, e, n, shift, EPS * norm, lu);
      int at = j * n;
      for (int i = 0; i < n; i++) {
        z[at + i] = random.nextDouble(-1, 1);
      }
      for (int solve = 0; solve <= SOLVES; solve++) {
        for (int c = cluster; c < j; c++) {
          orthogonalise(z, at, c * n, n);
        }
        if (!normalise(z, at, n)) {
          return null;
        }
        if (solve < SOLVES) {
          solve(lu, n, z, at);
        }
      }
    }
    return z;
  }

  /**
   * LU with partial pivoting of T − shift·I into {@code lu}: [0, n) the pivots, [n, 2n) and [2n,
   * 3n) the two upper diagonals, [3n, 4n) the multipliers, [4n, 5n) 1 where rows i and i + 1 were
   * swapped (LAPACK's dgttrf). A pivot below {@code tiny} becomes ±tiny: T − λI is singular by
   * design, and the huge solution it gives is the eigenvector.
   */
  private static void factor(
      double[] d, double[] e, int n, double shift, double tiny, double[] lu) {
    int up = n;
    int up2 = 2 * n;
    int mul = 3 * n;
    int swap = 4 * n;
    for (int i = 0; i < n; i++) {
      lu[i] = d[i] - shift;
      lu[up + i] = i < n - 1 ? e[i] : 0;
      lu[up2 + i] = 0;
    }
    for (int i = 0; i < n - 1; i++) {
      double sub = e[i];
      if (Math.abs(lu[i]) >= Math.abs(sub) || Math.abs(sub) < tiny) {
        if (Math.abs(lu[i]) < tiny) {
          lu[i] = Math.copySign(tiny, lu[i]);
        }
        double f = sub / lu[i];
        lu[mul + i] = f;
        lu[i + 1] -= f * lu[up + i];
        lu[swap + i] = 0;
      } else {
        double f = lu[i] / sub;
        lu[i] = sub;
        lu[mul + i] = f;
        double u = lu[up + i];
        lu[up + i] = lu[i + 1];
        lu[i + 1] = u - f * lu[i + 1];
        if (i < n - 2) {
          lu[up2 + i] = lu[up + i + 1];
          lu[up + i + 1] = -f * lu[up + i + 1];
        }
        lu[swap + i] = 1;
      }
    }
    if (Math.abs(lu[n - 1]) < tiny) {
      lu[n - 1] = Math.copySign(tiny, lu[n - 1]);
    }
  }

  /** Solves (T − shift·I)·y = b in place at b[at, at + n) with {@link #factor}'s LU. */
  private static void solve(double[] lu, int n, double[] b, int at) {
    int up = n;
    int up2 = 2 * n;
    int mul = 3 * n;
    int swap = 4 * n;
    for (int i = 0; i < n - 1; i++) {
      if (lu[swap + i] == 0) {
        b[at + i + 1] -= lu[mul + i] * b[at + i];
      } else {
        double t = b[at + i];
        b[at + i] = b[at + i + 1];
        b[at + i + 1] = t - lu[mul + i] * b[at + i];
      }
    }
    b[at + n - 1] /= lu[n - 1];
    if (n > 1) {
      b[at + n - 2] = (b[at + n - 2] - lu[up + n - 2] * b[at + n - 1]) / lu[n - 2];
    }
    for (int i = n - 3; i >= 0; i--) {
      b[at + i] = (b[at + i] - lu[up + i] * b[at + i + 1] - lu[up2 + i] * b[at + i + 2]) / lu[i];
    }
  }

  /** z[at..] −= (z[at..]·z[unit..])·z[unit..], z[unit..] of unit length. */
  private static void orthogonalise(double[] z, int at, int unit, int n) {
    double dot = 0;
    for (int i = 0; i < n; i++) {
      dot += z[unit + i] * z[at + i];
    }
    for (int i = 0; i < n; i++) {
      z[at + i] -= dot * z[unit + i];
    }
  }

  /** Scales z[at, at + n) to unit length; false if it is zero or not finite. */
  private static boolean normalise(double[] z, int at, int n) {
    double big = 0;
    for (int i = 0; i < n; i++) {
      big = Math.max(big, Math.abs(z[at + i]));
    }
    if (!(big > 0) || !Double.isFinite(big)) {
      return false;
    }
    double inv = 1 / big;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double v = z[at + i] * inv;
      ss += v * v;
    }
    double s = inv / Math.sqrt(ss);
    for (int i = 0; i < n; i++) {
      z[at + i] *= s;
    }
    return true;
  }

  /**
   * z_j = Q·z_j for the first {@code count} vectors, Q = H_0·…·H_{n−2} from {@link
   * #tridiagonalise}.
   */
  private static void backTransform(double[] a, int n, double[] tau, double[] z, int count) {
    for (int k = n - 2; k >= 0; k--) {
      double t = tau[k];
      if (t == 0) {
        continue;
      }
      int row = k * n;
      int s = k + 1;
      for (int v = 0; v < count; v++) {
        int at = v * n;
        double dot = z[at + s];
        for (int j = s + 1; j < n; j++) {
          dot += a[row + j] * z[at + j];
        }
        dot *= t;
        z[at + s] -= dot;
        for (int j = s + 1; j < n; j++) {
          z[at + j] -= dot * a[row + j];
        }
      }
    }
  }
}
