package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Grad-CAM++ against a case worked out by hand from pytorch-grad-cam's formula: alpha = g² / (2g² +
 * Σ_ij(A)·g³ + 1e-6) (0 where g = 0), w_k = Σ_ij alpha·max(g, 0), map = min-max(ReLU(Σ_k w_k·A_k))
 * (feature and input both 2×2, so the bicubic upsample is the identity).
 */
class GradCamPlusPlusTest {

  // channel 0: A = 1 2 / 3 4 (Σ A = 10), G = 1 0.5 / 0 -1
  // channel 1: A = 0 0 / 0 2 (Σ A = 2),  G = 2 everywhere
  static final FeatureMaps FEATURES =
      new FeatureMaps(
          2, 2, 2, new float[] {1, 2, 3, 4, 0, 0, 0, 2}, new float[] {1, 0.5f, 0, -1, 2, 2, 2, 2});

  // channel 0: g = 1: alpha = 1 / (2 + 10 + 1e-6), times max(g, 0) = 1;
  //            g = 0.5: alpha = 0.25 / (0.5 + 10 * 0.125 + 1e-6), times 0.5;
  //            g = 0: alpha = 0; g = -1: max(g, 0) = 0
  static final double W0 = 1 / 12.000001 + 0.125 / 1.750001; // = 0.15476186...
  // channel 1: g = 2 at all four positions: alpha = 4 / (8 + 2 * 8 + 1e-6), times 2
  static final double W1 = 4 * 8 / 24.000001; // = 1.33333328...

  @Test
  void weightsAreTheFormulasByHand() {
    double[] w = new GradCamPlusPlus().channelWeights(FEATURES);
    assertEquals(2, w.length);
    assertEquals(0.15476186, W0, 1e-8);
    assertEquals(1.33333328, W1, 1e-8);
    assertEquals(W0, w[0], 1e-7);
    assertEquals(W1, w[1], 1e-7);
  }

  @Test
  void mapIsTheNormalisedWeightedSum() {
    // Σ_k w_k·A_k = w0, 2 w0, 3 w0, 4 w0 + 2 w1 (all positive): min w0, max 4 w0 + 2 w1
    double range = 3 * W0 + 2 * W1;
    float[] expected = {0f, (float) (W0 / range), (float) (2 * W0 / range), 1f};
    ModelInput input = new ModelInput(1, 2, 2, new float[] {0.1f, 0.2f, 0.3f, 0.4f});
    SaliencyResult r = new GradCamPlusPlus().explain(input, FEATURES, null);
    assertArrayEquals(expected, r.saliency(), 1e-6f);
    assertEquals(0.04943, expected[1], 1e-5);
    assertEquals(0.09886, expected[2], 1e-5);
    assertTrue(r.components().isEmpty());
  }

  @Test
  void differsFromGradCamWhereGradCamAveragesNegativeGradients() {
    // Grad-CAM's channel-0 weight is the mean gradient (1 + 0.5 + 0 - 1) / 4 = 0.125; Grad-CAM++
    // ignores the negative gradient instead
    double[] mean = new GradCam().channelWeights(FEATURES);
    assertEquals(0.125, mean[0], 1e-9);
    assertFalse(Math.abs(mean[0] - W0) < 1e-3);
    assertTrue(new GradCamPlusPlus().needsGradients());
  }
}
