package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: warm-started top-10 vs the full SVD on 2040×2048. Runs only with
 * {@code -Ddecomcam.bench=true -Dtest=WarmStartSvdBench}; prints, asserts nothing about time.
 */
class WarmStartSvdBench {

  @Test
  void warmVersusFull() {
    Assumptions.assumeTrue(Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int m = Integer.getInteger("decomcam.bench.rows", 2040);
    int k = Integer.getInteger("decomcam.bench.cols", 2048);
    DMatrixRMaj x0 = WarmStartSvdTest.decaying(7, m, k, 0.97);
    DMatrixRMaj x1 = WarmStartSvdTest.perturbed(x0, 8, 1e-3);
    WarmStartSvd svd = new WarmStartSvd();
    WarmStartSvd.Solution prev = svd.solve(x0, 10, null);
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      WarmStartSvd.Solution warm = svd.solve(x1, 10, prev.basis());
      long t1 = System.nanoTime();
      Decomposition full = new FullSvd().decompose(x1, 10);
      long t2 = System.nanoTime();
      double ew = WarmStartSvdTest.reconstructionError(x1, warm.decomposition());
      double ef = WarmStartSvdTest.reconstructionError(x1, full);
      System.out.printf("bench %dx%d top10: warm %.1f ms (%d it, residual %.2e), full %.1f ms, ratio %.1fx, "
          + "rel. reconstruction error warm %.8f full %.8f diff %.2e%n", m, k, (t1 - t0) / 1e6, warm.iterations(),
          warm.residual(), (t2 - t1) / 1e6, (double) (t2 - t1) / (t1 - t0), ew, ef, Math.abs(ew - ef));
    }
  }
}
