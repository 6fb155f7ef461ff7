package dev.decomcam.processor.decom;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Truncated SVD (top n) by block subspace iteration on XᵀX, warm-started from a previous frame's
 * right singular vectors. Consecutive video frames give nearly the same X, so the previous basis is
 * already close to the answer and a few iterations (two thin products X·Q and Xᵀ·Y each, never
 * forming XᵀX) replace a full SVD.
 *
 * <p>Each iteration: Y = X·Q; Rayleigh–Ritz through the small SVD Y = U·S·Wᵀ (Ritz values S, Ritz
 * vectors V = Q·W, already in descending order); Z = Xᵀ·(Y·W) = XᵀX·V; stop when every leading
 * residual ‖XᵀX·v_i − s_i²·v_i‖ / s_0² is below the tolerance (relative to the largest eigenvalue,
 * so it bounds the error in captured energy and does not spend iterations pinning down noise-level
 * components exactly), otherwise Q = qr(Z) (Householder re-orthonormalisation). The block is {@code
 * n + oversample} wide so the top n converge at rate (s_{b+1}/s_n)² even where s_n and s_{n+1} are
 * close, and the start keeps one fresh random column as insurance against a new direction
 * orthogonal to the old basis. A matrix whose smaller side is at most {@code exactBelow} gets the
 * exact SVD ({@link GramSvd}), warm or not: there (Decom-CAM with K = 100: 49×100 at 7×7, 196×100
 * at 14×14) the exact path beats the iteration, whose per-step small SVD and QR dominate; on large
 * matrices the warm start wins by far ({@code ./decomcam bench} times both at 2040×2048). A larger
 * cold start (no or an incomparable basis) starts from random columns and is iterated the same way
 * (a randomised range finder).
 *
 * <p>Halko, Martinsson and Tropp, "Finding structure with randomness", SIAM Review 53(2), 2011, <a
 * href="https://arxiv.org/abs/0909.4061">arXiv:0909.4061</a>; Saad, "Numerical Methods for Large
 * Eigenvalue Problems", ch. 5 (subspace iteration with Rayleigh–Ritz).
 *
 * <pre>{@code
 * WarmStartSvd svd = new WarmStartSvd();
 * WarmStartSvd.Solution s = svd.solve(x, 10, previousBasis);   // previousBasis: null on the first frame
 * Decomposition d = s.decomposition();                          // fresh matrices, safe to modify
 * DMatrixRMaj next = s.basis();                                 // keep for the next frame
 * }</pre>
 *
 * <p>{@link #solve} is stateless and thread-safe. As a {@link Decomposer}, {@link #decompose}
 * remembers the last basis and warm-starts the next call from it when the column count matches; the
 * caller must then keep the columns comparable (same channels, same order).
 */
public final class WarmStartSvd implements Decomposer {

  /**
   * One solve: the decomposition (fresh matrices, never shared with {@code basis}), the K×b Ritz
   * basis to warm-start the next frame, iterations run (0 for an exact cold start), whether it
   * started warm, whether it met the tolerance and the largest leading residual.
   */
  public record Solution(
      Decomposition decomposition,
      DMatrixRMaj basis,
      int iterations,
      boolean warm,
      boolean converged,
      double residual) {}

  private final int oversample;
  private final double tolerance;
  private final int maxIterations;
  private final int exactBelow;
  private DMatrixRMaj previous;

  /** Oversample 5, tolerance 1e-6, at most 50 iterations, exact up to a smaller side of 128. */
  public WarmStartSvd() {
    this(5, 1e-6, 50, 128);
  }

  public WarmStartSvd(int oversample, double tolerance, int maxIterations, int exactBelow) {
    if (oversample < 0 || !(tolerance > 0) || maxIterations < 1 || exactBelow < 0) {
      throw new IllegalArgumentException(
          "warm-start svd: need oversample >= 0, tolerance > 0, maxIterations >= 1, "
              + "exactBelow >= 0; got "
              + oversample
              + ", "
              + tolerance
              + ", "
              + maxIterations
              + ", "
              + exactBelow
              + ": use e.g. new WarmStartSvd(5, 1e-6, 50, 128)");
    }
    this.oversample = oversample;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.exactBelow = exactBelow;
  }

  @Override
  public synchronized Decomposition decompose(DMatrixRMaj x, int n) {
    Solution s = solve(x, n, previous);
    previous = s.basis();
    return s.decomposition();
  }

  /** Forgets the remembered basis, so the next {@link #decompose} starts cold. */
  public synchronized void reset() {
    previous = null;
  }

  @Override
  public String name() {
    return "warm";
  }

  /**
   * Top {@code n} of {@code x} (not modified), warm from {@code start} (K×anything, orthonormal or
   * not; used when it has K = x.numCols rows, else ignored). Neither argument is aliased. Correct
   * from any start: a poor one only costs iterations.
   */
  public Solution solve(DMatrixRMaj x, int n, DMatrixRMaj start) {
    if (n < 0) {
      throw new IllegalArgumentException("warm-start svd: component count must be >= 0, got " + n);
    }
    int m = x.numRows;
    int k = x.numCols;
    int small = Math.min(m, k);
    int keep = Math.min(n, small);
    if (keep == 0) {
      double normF = m * k == 0 ? 0.0 : NormOps_DDRM.normF(x);
      double total = normF * normF;
      return new Solution(
          new Decomposition(new DMatrixRMaj(k, 0), new double[0], new DMatrixRMaj(m, 0), total),
          new DMatrixRMaj(k, 0),
          0,
          false,
          true,
          0.0);
    }
    int b = Math.min(keep + oversample, small);
    boolean warm = start != null && start.numRows == k && start.numCols > 0;
    if (small <= exactBelow || b >= small) {
      return exact(x, keep, b, warm);
    }
    double normF = NormOps_DDRM.normF(x);
    double total = normF * normF;
    DMatrixRMaj q = startBlock(warm ? start : null, k, b, m * 31L + k);
    int iterations = warm ? maxIterations : maxIterations + 10;
    return iterate(x, q, keep, total, iterations, warm);
  }

  /** The exact SVD; its total variance is the Gram matrix's trace (‖X‖²_F summed directly). */
  private Solution exact(DMatrixRMaj x, int keep, int b, boolean warm) {
    Decomposition full = new GramSvd().decompose(x, b);
    return new Solution(
        leading(full.v(), full.singularValues(), full.projections(), keep, full.totalVariance()),
        full.v(),
        0,
        warm,
        true,
        0.0);
  }

  /** Start block: the given columns (at most b − 1 when warm) plus random ones, orthonormalised. */
  private static DMatrixRMaj startBlock(DMatrixRMaj start, int k, int b, long seed) {
    DMatrixRMaj q = new DMatrixRMaj(k, b);
    int fromStart = start == null ? 0 : Math.min(start.numCols, b - 1);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < b; c++) {
        q.data[r * b + c] = c < fromStart ? start.unsafe_get(r, c) : rnd.nextDouble(-1, 1);
      }
    }
    return orthonormal(q);
  }

  private Solution iterate(
      DMatrixRMaj x, DMatrixRMaj q, int keep, double total, int iterations, boolean warm) {
    int m = x.numRows;
    int k = x.numCols;
    int b = q.numCols;
    DMatrixRMaj y = new DMatrixRMaj(m, b);
    DMatrixRMaj yw = new DMatrixRMaj(m, b);
    DMatrixRMaj v = new DMatrixRMaj(k, b);
    DMatrixRMaj z = new DMatrixRMaj(k, b);
    double[] s = new double[b];
    double residual = Double.POSITIVE_INFINITY;
    int it = 0;
    while (true) {
      it++;
      CommonOps_DDRM.mult(x, q, y);
      DMatrixRMaj w = ritz(y, s);
      CommonOps_DDRM.mult(q, w, v);
      CommonOps_DDRM.mult(y, w, yw);
      CommonOps_DDRM.multTransA(x, yw, z);
      residual = residual(z, v, s, keep);
      if (residual <= tolerance || it >= iterations) {
        break;
      }
      q = orthonormal(z);
    }
    return new Solution(
        leading(v, s, yw, keep, total), v, it, warm, residual <= tolerance, residual);
  }

  /** Small SVD of Y (m×b): fills s (descending) and returns W (b×b), Y = U·diag(s)·Wᵀ. */
  private static DMatrixRMaj ritz(DMatrixRMaj y, double[] s) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(y.numRows, y.numCols, false, true, true);
    if (!svd.decompose(y.copy())) {
      throw new IllegalStateException(
          "warm-start svd: Rayleigh-Ritz step did not converge: check the activations "
              + "for NaN or infinite values");
    }
    DMatrixRMaj w = svd.getV(null, false);
    double[] sv = svd.getSingularValues().clone();
    int count = svd.numberOfSingularValues();
    SingularOps_DDRM.descendingOrder(null, false, sv, count, w, false);
    java.util.Arrays.fill(s, 0.0);
    System.arraycopy(sv, 0, s, 0, Math.min(count, s.length));
    if (w.numCols < s.length) {
      // Y has fewer rows than columns: pad W so V = Q·W keeps b columns (zero Ritz values)
      DMatrixRMaj padded = new DMatrixRMaj(w.numRows, s.length);
      CommonOps_DDRM.insert(w, padded, 0, 0);
      w = padded;
    }
    return w;
  }

  /** max over i < keep of ‖z_i − s_i²·v_i‖ / s_0². */
  private static double residual(DMatrixRMaj z, DMatrixRMaj v, double[] s, int keep) {
    if (s[0] == 0) {
      return 0.0;
    }
    double scale = s[0] * s[0];
    int b = z.numCols;
    double worst = 0;
    for (int i = 0; i < keep; i++) {
      double l = s[i] * s[i];
      double acc = 0;
      for (int r = 0; r < z.numRows; r++) {
        double d = z.data[r * b + i] - l * v.data[r * b + i];
        acc += d * d;
      }
      worst = Math.max(worst, Math.sqrt(acc) / scale);
    }
    return worst;
  }

  private static Decomposition leading(
      DMatrixRMaj v, double[] s, DMatrixRMaj p, int keep, double total) {
    DMatrixRMaj vOut = new DMatrixRMaj(v.numRows, keep);
    CommonOps_DDRM.extract(v, 0, v.numRows, 0, keep, vOut, 0, 0);
    DMatrixRMaj pOut = new DMatrixRMaj(p.numRows, keep);
    CommonOps_DDRM.extract(p, 0, p.numRows, 0, keep, pOut, 0, 0);
    double[] sv = new double[keep];
    System.arraycopy(s, 0, sv, 0, keep);
    return new Decomposition(vOut, sv, pOut, total);
  }

  /** Thin Q of a Householder QR: orthonormal columns spanning {@code a}'s (a is not modified). */
  static DMatrixRMaj orthonormal(DMatrixRMaj a) {
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
    if (!qr.decompose(a.copy())) {
      throw new IllegalStateException(
          "warm-start svd: QR failed on a " + a.numRows + "x" + a.numCols + " block");
    }
    return qr.getQ(null, true);
  }

  /**
   * Cosines of the principal angles between the column spaces of {@code a} and {@code b} (both
   * orthonormal, same row count): the singular values of aᵀ·b, descending, clamped to [0, 1].
   */
  public static double[] principalCosines(DMatrixRMaj a, DMatrixRMaj b) {
    if (a.numRows != b.numRows) {
      throw new IllegalArgumentException(
          "principal angles: bases have "
              + a.numRows
              + " and "
              + b.numRows
              + " rows: compare subspaces of the same space");
    }
    int r = Math.min(a.numCols, b.numCols);
    if (r == 0) {
      return new double[0];
    }
    DMatrixRMaj m = new DMatrixRMaj(a.numCols, b.numCols);
    CommonOps_DDRM.multTransA(a, b, m);
    double[] s = SingularOps_DDRM.singularValues(m);
    java.util.Arrays.sort(s);
    double[] out = new double[r];
    for (int i = 0; i < r; i++) {
      out[i] = Math.min(1.0, Math.max(0.0, s[s.length - 1 - i]));
    }
    return out;
  }

  /**
   * Largest principal angle in radians between two orthonormal bases (0 = same subspace, π/2 = a
   * direction lost).
   */
  public static double maxPrincipalAngle(DMatrixRMaj a, DMatrixRMaj b) {
    double[] c = principalCosines(a, b);
    return c.length == 0 ? 0.0 : Math.acos(c[c.length - 1]);
  }
}
