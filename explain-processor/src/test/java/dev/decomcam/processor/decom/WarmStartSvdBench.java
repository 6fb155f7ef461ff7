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
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
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
      System.out.printf(
          "bench %dx%d top10: warm %.1f ms (%d it, residual %.2e), full %.1f ms, ratio %.1fx, "
              + "rel. reconstruction error warm %.8f full %.8f diff %.2e%n",
          m,
          k,
          (t1 - t0) / 1e6,
          warm.iterations(),
          warm.residual(),
          (t2 - t1) / 1e6,
          (double) (t2 - t1) / (t1 - t0),
          ew,
          ef,
          Math.abs(ew - ef));
    }
    // the alternative of iterating on the Gram matrix: forming XᵀX alone costs K²·m multiply-adds
    long g0 = System.nanoTime();
    DMatrixRMaj gram = new DMatrixRMaj(k, k);
    org.ejml.dense.row.CommonOps_DDRM.multTransA(x1, x1, gram);
    System.out.printf(
        "bench forming XtX (%dx%d) alone: %.1f ms%n", k, k, (System.nanoTime() - g0) / 1e6);
  }

  @Test
  void streamingVersusFullOnASyntheticPan() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    DecomCamConfig cfg = DecomCamConfig.defaults().withSigma(3);
    Drifting video =
        new Drifting(
            1,
            Integer.getInteger("decomcam.bench.channels", 160),
            Integer.getInteger("decomcam.bench.side", 7),
            Integer.getInteger("decomcam.bench.side", 7),
            32,
            32,
            0.04);
    StreamingDecomCam streaming = new StreamingDecomCam(StreamingConfig.of(cfg));
    DecomCam full = new DecomCam(cfg);
    StreamingState state = StreamingState.cold();
    int frames = 100;
    double[] r = new double[frames];
    double stabS = 0;
    double stabF = 0;
    long forwards = 0;
    int appeared = 0;
    int strongNew = 0;
    long iterations = 0;
    double svdS = 0;
    double svdF = 0;
    float[] prevS = null;
    float[] prevF = null;
    for (int t = 0; t < frames; t++) {
      Explained<StreamingState> fr =
          streaming.explain(
              video.image(t),
              video.features(t),
              video.linearScorer(new int[1]),
              new FrameContext(0, t),
              state);
      state = fr.next();
      SaliencyResult ref =
          full.explain(video.image(t), video.features(t), video.linearScorer(new int[1]));
      r[t] = Correlation.pearson(fr.result().saliency(), ref.saliency());
      if (t > 0) {
        forwards += fr.result().tracking().maskedForwards();
        iterations += fr.result().tracking().svdIterations();
        svdS += fr.result().timingsMs().get("svd");
        svdF += ref.timingsMs().get("svd");
        stabS += Correlation.pearson(prevS, fr.result().saliency());
        stabF += Correlation.pearson(prevF, ref.saliency());
        appeared +=
            (int)
                fr.result().tracking().events().stream()
                    .filter(e -> e.type() == dev.decomcam.processor.track.TrackEvent.Type.APPEARED)
                    .count();
        strongNew +=
            fr.result().tracking().events().stream()
                    .anyMatch(
                        e ->
                            e.energyShare() >= 0.01
                                && e.type()
                                    == dev.decomcam.processor.track.TrackEvent.Type.APPEARED)
                ? 1
                : 0;
      }
      prevS = fr.result().saliency();
      prevF = ref.saliency();
    }
    double[] sorted = java.util.Arrays.stream(r).skip(1).sorted().toArray();
    System.out.printf(
        "bench streaming (n=10, K=100 of "
            + video.channels
            + "x"
            + video.fh
            + "x"
            + video.fw
            + ", 100 frames): r mean %.4f p10 %.4f min %.4f; masked forwards/frame %.2f (full: 10);"
            + " consecutive-frame r streaming %.4f full %.4f; new ids after start %d, frames where"
            + " a component with >= 1%% energy got a new id %d; svd iterations/frame %.1f, svd"
            + " ms/frame streaming %.3f full %.3f%n",
        java.util.Arrays.stream(sorted).average().orElseThrow(),
        sorted[sorted.length / 10],
        sorted[0],
        forwards / (frames - 1.0),
        stabS / (frames - 1),
        stabF / (frames - 1),
        appeared,
        strongNew,
        iterations / (frames - 1.0),
        svdS / (frames - 1),
        svdF / (frames - 1));
  }
}
