package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.Decomposition;
import dev.decomcam.processor.decom.FullSvd;
import dev.decomcam.processor.decom.WarmStartSvd;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Warm-started truncated SVD ({@link WarmStartSvd}, top n) against EJML's full SVD ({@link
 * FullSvd}) on a frame-sized matrix: 2040×2048 by default, a 1080p frame's feature map at stride 32
 * (34×60 positions) with 2048 channels. The matrix has a decaying spectrum like real activations (a
 * rank-{@code rank} product with singular values falling by {@code decay} per component, plus dense
 * noise); the warm start comes from the previous "frame", the same matrix before a small
 * perturbation, as in video. Reports the full solve's time (run once: it is slow), the median of
 * the warm solves, and the relative reconstruction error ‖X − P·Vᵀ‖_F / ‖X‖_F of each top-n
 * truncation.
 */
public final class SvdMicrobench {

  /**
   * Median ms of the full and the warm solve, their relative reconstruction errors, and the warm
   * solve's iterations.
   */
  public record Result(
      int rows,
      int cols,
      int components,
      double fullMs,
      double warmMs,
      double fullRelErr,
      double warmRelErr,
      int warmIterations) {

    public double speedup() {
      return fullMs / warmMs;
    }

    public double relErrGap() {
      return Math.abs(warmRelErr - fullRelErr);
    }
  }

  private final int rows;
  private final int cols;
  private final int components;
  private final int repeats;

  public SvdMicrobench(int rows, int cols, int components, int repeats) {
    if (rows < 2 || cols < 2 || components < 1 || repeats < 1) {
      throw new IllegalArgumentException(
          "svd microbench: need rows, cols >= 2, components, repeats >= 1; got "
              + rows
              + "x"
              + cols
              + ", "
              + components
              + ", "
              + repeats);
    }
    this.rows = rows;
    this.cols = cols;
    this.components = components;
    this.repeats = repeats;
  }

  public Result run() {
    Random rnd = new Random(11);
    DMatrixRMaj before = decaying(rnd, rows, cols, Math.min(256, Math.min(rows, cols)), 0.97, 1e-2);
    DMatrixRMaj x = perturbed(before, rnd, 1e-3);
    WarmStartSvd warm = new WarmStartSvd();
    DMatrixRMaj basis = warm.solve(before, components, null).basis();
    // the full SVD takes tens of seconds at 2040x2048 on a small machine: once is enough to compare
    long f0 = System.nanoTime();
    Decomposition full = new FullSvd().decompose(x, components);
    double fullMs = (System.nanoTime() - f0) / 1e6;
    double[] warmMs = new double[repeats];
    WarmStartSvd.Solution w = null;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      w = warm.solve(x, components, basis);
      warmMs[r] = (System.nanoTime() - t0) / 1e6;
    }
    return new Result(
        rows,
        cols,
        components,
        fullMs,
        Stats.percentile(warmMs, 50),
        relativeError(x, full),
        relativeError(x, w.decomposition()),
        w.iterations());
  }

  /** ‖X − P·Vᵀ‖_F / ‖X‖_F. */
  static double relativeError(DMatrixRMaj x, Decomposition d) {
    DMatrixRMaj approx = new DMatrixRMaj(x.numRows, x.numCols);
    CommonOps_DDRM.multTransB(d.projections(), d.v(), approx);
    CommonOps_DDRM.subtract(x, approx, approx);
    return NormOps_DDRM.normF(approx) / NormOps_DDRM.normF(x);
  }

  /**
   * G·diag(decay^i)·Hᵀ with Gaussian G (m×rank), H (k×rank), plus Gaussian noise of {@code
   * noise}·RMS.
   */
  static DMatrixRMaj decaying(Random rnd, int m, int k, int rank, double decay, double noise) {
    DMatrixRMaj g = gaussian(rnd, m, rank);
    DMatrixRMaj h = gaussian(rnd, k, rank);
    for (int i = 0; i < rank; i++) {
      double s = Math.pow(decay, i);
      for (int r = 0; r < m; r++) {
        g.unsafe_set(r, i, g.unsafe_get(r, i) * s);
      }
    }
    DMatrixRMaj x = new DMatrixRMaj(m, k);
    CommonOps_DDRM.multTransB(g, h, x);
    return perturbed(x, rnd, noise);
  }

  static DMatrixRMaj perturbed(DMatrixRMaj x, Random rnd, double scale) {
    DMatrixRMaj y = x.copy();
    double s = scale * NormOps_DDRM.normF(x) / Math.sqrt(x.data.length);
    for (int i = 0; i < y.data.length; i++) {
      y.data[i] += s * rnd.nextGaussian();
    }
    return y;
  }

  private static DMatrixRMaj gaussian(Random rnd, int rows, int cols) {
    DMatrixRMaj g = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < g.data.length; i++) {
      g.data[i] = rnd.nextGaussian();
    }
    return g;
  }
}
