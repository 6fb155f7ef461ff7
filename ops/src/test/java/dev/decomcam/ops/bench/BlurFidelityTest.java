package dev.decomcam.ops.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.GaussianBlur;
import dev.decomcam.processor.decom.GramSvd;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.SaliencyResult;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link BlurFidelity} scores exactly full Decom-CAM's masks, over the baseline it is given. */
class BlurFidelityTest {

  @ParameterizedTest
  @EnumSource(DecomCamConfig.ScoreMode.class)
  void withTheExactBlurItReproducesFullDecomCamAndWithTheDownsampledOneItDiffersALittle(
      DecomCamConfig.ScoreMode mode) {
    Random rnd = new Random(7);
    ModelInput x = new ModelInput(3, 32, 32, noise(rnd, 3 * 32 * 32));
    FeatureMaps f = new FeatureMaps(12, 8, 8, noise(rnd, 12 * 64), noise(rnd, 12 * 64));
    float[] w = noise(rnd, 3 * 32 * 32);
    MaskedScorer scorer =
        batch -> {
          float[] s = new float[batch.size()];
          for (int i = 0; i < s.length; i++) {
            float[] d = batch.get(i).data();
            for (int p = 0; p < d.length; p++) {
              s[i] += w[p] * d[p] * d[p];
            }
          }
          return s;
        };
    DecomCamConfig cfg =
        DecomCamConfig.defaults().withSigma(10).withComponents(5).withTopK(12).withScoreMode(mode);
    DecomCam full = new DecomCam(cfg, new GramSvd());
    SaliencyResult exact = full.explain(x, f, scorer);

    SaliencyResult same =
        new BlurFidelity(full, new GaussianBlur(cfg.sigma())::apply).explain(x, f, scorer, exact);
    for (int i = 0; i < exact.components().size(); i++) {
      assertEquals(
          exact.components().get(i).score(), same.components().get(i).score(), 0.0, "score " + i);
    }
    assertArrayEquals(exact.saliency(), same.saliency(), 0f);

    BlurFidelity downsampled = BlurFidelity.downsampled(full);
    SaliencyResult other = downsampled.explain(x, f, scorer, exact);
    assertNotEquals(
        exact.components().get(0).score(), other.components().get(0).score(), "another baseline");
    double r = downsampled.pearson(x, f, scorer, exact);
    assertTrue(r > 0.9 && r <= 1.0 + 1e-9, "r " + r);
  }

  private static float[] noise(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }
}
