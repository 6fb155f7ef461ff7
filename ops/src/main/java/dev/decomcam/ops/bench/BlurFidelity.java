package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DownsampledBlur;
import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.MinMax;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.Ossm;
import dev.decomcam.processor.decom.SaliencyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What streaming's approximate masked-input baseline does to a map, apart from everything else
 * streaming changes: full Decom-CAM is run again with its masks blended over another baseline
 * (streaming's {@link DownsampledBlur} instead of the exact blur), and the result is compared with
 * full Decom-CAM's own map by Pearson r (1: the approximation leaves the map as it is). The masks
 * m_i = min-max(U_i) are rebuilt from the exact run's components, so both runs score the same masks
 * and differ only in the baseline. It costs one more round of masked forwards per frame, run
 * outside the timed pipelines.
 */
final class BlurFidelity {
  private final DecomCam method;
  private final UnaryOperator<ModelInput> baseline;

  BlurFidelity(DecomCam method, UnaryOperator<ModelInput> baseline) {
    this.method = Objects.requireNonNull(method, "full decomcam");
    this.baseline = Objects.requireNonNull(baseline, "baseline");
  }

  /** Against streaming's baseline: the downsampled blur at the method's σ. */
  static BlurFidelity downsampled(DecomCam method) {
    return new BlurFidelity(method, new DownsampledBlur(method.config().sigma())::apply);
  }

  /**
   * Pearson r of the map over the other baseline to {@code exact}, {@code method}'s map of the same
   * frame.
   */
  double pearson(
      ModelInput input, FeatureMaps features, MaskedScorer scorer, SaliencyResult exact) {
    return Correlation.pearson(
        explain(input, features, scorer, exact).saliency(), exact.saliency());
  }

  /** {@code method}'s map of the frame with its masked inputs blended over the other baseline. */
  SaliencyResult explain(
      ModelInput input, FeatureMaps features, MaskedScorer scorer, SaliencyResult exact) {
    ModelInput b = baseline.apply(input);
    List<float[]> masks = new ArrayList<>();
    for (Ossm o : exact.components()) {
      masks.add(MinMax.normalized(o.upsampled(input.height(), input.width())));
    }
    return method.explain(
        input,
        features,
        batch -> {
          if (batch.size() != masks.size() && batch.size() != masks.size() + 1) {
            throw new IllegalStateException(
                "blur fidelity: "
                    + batch.size()
                    + " masked inputs for "
                    + masks.size()
                    + " components: explain the same frame with the same method as the exact run");
          }
          List<ModelInput> swapped = new ArrayList<>(batch.size());
          for (float[] m : masks) {
            swapped.add(blend(input, b, m));
          }
          if (batch.size() > masks.size()) {
            swapped.add(b); // score-gain mode scores the baseline itself last
          }
          return scorer.score(swapped);
        });
  }

  /** m·x + (1 − m)·b, the same mask on every channel. */
  static ModelInput blend(ModelInput x, ModelInput b, float[] m) {
    int plane = x.height() * x.width();
    float[] xs = x.data();
    float[] bs = b.data();
    float[] d = new float[xs.length];
    for (int c = 0; c < x.channels(); c++) {
      int base = c * plane;
      for (int p = 0; p < plane; p++) {
        float mp = m[p];
        d[base + p] = mp * xs[base + p] + (1f - mp) * bs[base + p];
      }
    }
    return new ModelInput(x.channels(), x.height(), x.width(), d);
  }
}
