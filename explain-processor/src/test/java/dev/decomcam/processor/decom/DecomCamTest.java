package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecomCamTest {

  @Test
  void scoresAllComponentsInOneBatchOfBlendedInputs() {
    ModelInput x = Synthetic.image(1, 32, 32);
    FeatureMaps f = Synthetic.features(2, 40, 7, 7);
    List<Integer> batchSizes = new ArrayList<>();
    List<List<ModelInput>> seen = new ArrayList<>();
    MaskedScorer scorer =
        batch -> {
          batchSizes.add(batch.size());
          seen.add(batch);
          return Synthetic.quadrantScorer().score(batch);
        };
    SaliencyResult r = new DecomCam(DecomCamConfig.defaults().withSigma(3)).explain(x, f, scorer);
    assertEquals(List.of(10), batchSizes);
    assertEquals(10, r.components().size());
    // each masked input is m*x + (1-m)*blur(x) with m the min-max of U_i, the same on all channels
    ModelInput blurred = new GaussianBlur(3).apply(x);
    for (int i = 0; i < 10; i++) {
      float[] m = MinMax.normalized(r.components().get(i).upsampled(32, 32));
      float[] got = seen.get(0).get(i).data();
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 32 * 32; p += 37) {
          int j = c * 1024 + p;
          assertEquals(m[p] * x.data()[j] + (1 - m[p]) * blurred.data()[j], got[j], 1e-5);
        }
      }
    }
  }

  @Test
  void componentsAreSignedOrderedAndWeightedByTheirScores() {
    FeatureMaps f = Synthetic.features(3, 60, 7, 7);
    float[] fixedScores = {2, 4, -1, 0.001f, 1, 1, 1, 1, 1, 1};
    SaliencyResult r =
        new DecomCam(DecomCamConfig.defaults())
            .explain(Synthetic.image(4, 28, 28), f, batch -> fixedScores.clone());
    double previous = Double.MAX_VALUE;
    double[] expectedWeights = {0.5, 1, 0, 0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
    for (Ossm o : r.components()) {
      assertTrue(o.singularValue() <= previous);
      previous = o.singularValue();
      float maxAbs = 0;
      for (float v : o.map()) {
        if (Math.abs(v) > Math.abs(maxAbs)) {
          maxAbs = v;
        }
      }
      assertTrue(maxAbs > 0, "largest-magnitude entry positive");
      assertEquals(fixedScores[o.rank()], o.score(), 1e-6);
      assertEquals(expectedWeights[o.rank()], o.weight(), 1e-6);
    }
    // the final map is min-max(max(0, sum w_i U_i)), recomputed here from the components
    float[] sum = new float[28 * 28];
    for (Ossm o : r.components()) {
      float[] u = o.upsampled(28, 28);
      for (int p = 0; p < sum.length; p++) {
        sum[p] += (float) o.weight() * u[p];
      }
    }
    assertArrayEquals(MinMax.normalizeInPlace(MinMax.reluInPlace(sum)), r.saliency(), 1e-5f);
  }

  @Test
  void gainModeSubtractsTheBlurredScoreFromTheSameBatch() {
    FeatureMaps f = Synthetic.features(5, 30, 5, 5);
    ModelInput x = Synthetic.image(6, 20, 20);
    int[] size = new int[1];
    MaskedScorer scorer =
        batch -> {
          size[0] = batch.size();
          float[] s = new float[batch.size()];
          for (int i = 0; i < s.length; i++) {
            s[i] = 3 + i;
          }
          s[s.length - 1] = 5; // the blurred image
          return s;
        };
    SaliencyResult r =
        new DecomCam(
                DecomCamConfig.defaults()
                    .withComponents(4)
                    .withScoreMode(DecomCamConfig.ScoreMode.GAIN))
            .explain(x, f, scorer);
    assertEquals(5, size[0]);
    double[] gains = r.components().stream().mapToDouble(Ossm::score).toArray();
    assertArrayEquals(new double[] {-2, -1, 0, 1}, gains, 1e-6);
    double[] weights = r.components().stream().mapToDouble(Ossm::weight).toArray();
    assertArrayEquals(new double[] {0, 0, 0, 1}, weights, 1e-6);
  }

  @Test
  void noPositiveScoreGivesABlankMap() {
    SaliencyResult r =
        new DecomCam(DecomCamConfig.defaults())
            .explain(
                Synthetic.image(1, 16, 16),
                Synthetic.features(1, 20, 4, 4),
                batch -> new float[batch.size()]);
    for (float v : r.saliency()) {
      assertEquals(0f, v);
    }
  }

  @Test
  void smallLayersUseWhatExists() {
    // 2x2 positions, 3 channels: centring leaves at most 3 components
    SaliencyResult r =
        new DecomCam(DecomCamConfig.defaults())
            .explain(
                Synthetic.image(1, 8, 8),
                Synthetic.features(2, 3, 2, 2),
                Synthetic.quadrantScorer());
    assertTrue(r.components().size() <= 3);
    // 1x1 positions: nothing varies, no components, blank map, scorer never called
    SaliencyResult one =
        new DecomCam(DecomCamConfig.defaults())
            .explain(
                Synthetic.image(1, 8, 8),
                Synthetic.features(2, 5, 1, 1),
                batch -> {
                  throw new AssertionError("scorer must not be called");
                });
    assertTrue(one.components().isEmpty());
  }

  @Test
  void badScorerAndConfigFailWithOneLine() {
    DecomCam m = new DecomCam(DecomCamConfig.defaults());
    ModelInput x = Synthetic.image(1, 8, 8);
    FeatureMaps f = Synthetic.features(2, 12, 3, 3);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> m.explain(x, f, batch -> new float[1]));
    assertTrue(e.getMessage().startsWith("decomcam: scorer returned 1 scores for"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.explain(x, f, null));
    IllegalArgumentException c =
        assertThrows(IllegalArgumentException.class, () -> DecomCamConfig.defaults().withTopK(0));
    assertEquals("decomcam config: topK must be >= 1, got 0: use e.g. 100", c.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DecomCamConfig.defaults().withSigma(-1));
    assertThrows(
        IllegalArgumentException.class, () -> DecomCamConfig.defaults().withThreshold(1.5));
    assertThrows(
        IllegalArgumentException.class, () -> DecomCamConfig.defaults().withScoreMode(null));
    assertEquals(
        new DecomCamConfig(100, 10, 10.0, DecomCamConfig.ScoreMode.LOGIT, 0.001),
        DecomCamConfig.defaults());
  }
}
