package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Score-CAM against a case worked out by hand from pytorch-grad-cam's formula, with a linear
 * "model" whose score is the sum of its input: masks M_k = min-max(A_k) (feature and input both
 * 2×2, so the bicubic upsample is the identity), s_k = Σ M_k·x, w = softmax(s), map =
 * min-max(ReLU(Σ_k w_k·A_k)).
 */
class ScoreCamTest {

  // channel 0: A = 0 1 / 2 3 -> mask 0 1/3 / 2/3 1;  channel 1: A = 4 0 / 0 0 -> mask 1 0 / 0 0
  static final FeatureMaps FEATURES =
      new FeatureMaps(2, 2, 2, new float[] {0, 1, 2, 3, 4, 0, 0, 0}, new float[8]);
  static final ModelInput INPUT = new ModelInput(1, 2, 2, new float[] {3, 3, 3, 3});

  // s0 = 3 * (0 + 1/3 + 2/3 + 1) = 6, s1 = 3 * 1 = 3
  // w0 = e^6 / (e^6 + e^3) = 1 / (1 + e^-3) = 0.95257413, w1 = 1 / (1 + e^3) = 0.04742587
  static final double W0 = 1 / (1 + Math.exp(-3));
  static final double W1 = 1 / (1 + Math.exp(3));

  /** Sum of each input's values: the "logit" of a linear model; records what it was given. */
  static final class SumScorer implements MaskedScorer {
    final List<List<ModelInput>> calls = new ArrayList<>();

    @Override
    public float[] score(List<ModelInput> inputs) {
      calls.add(inputs);
      float[] s = new float[inputs.size()];
      for (int i = 0; i < s.length; i++) {
        for (float v : inputs.get(i).data()) {
          s[i] += v;
        }
      }
      return s;
    }

    int inputs() {
      return calls.stream().mapToInt(List::size).sum();
    }
  }

  @Test
  void masksAndScoresAreTheFormulasByHand() {
    float[] m0 = ScoreCam.mask(FEATURES, 0, 2, 2);
    float[] m1 = ScoreCam.mask(FEATURES, 1, 2, 2);
    assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, m0, 1e-6f);
    assertArrayEquals(new float[] {1, 0, 0, 0}, m1, 1e-6f);
    double[] s = ScoreCam.channelScores(INPUT, FEATURES, new SumScorer(), new StageTimes());
    assertArrayEquals(new double[] {6, 3}, s, 1e-5);
    double[] w = ScoreCam.softmax(s);
    assertEquals(0.95257413, W0, 1e-8);
    assertEquals(W0, w[0], 1e-6);
    assertEquals(W1, w[1], 1e-6);
  }

  @Test
  void mapIsTheNormalisedScoreWeightedSum() {
    // Σ_k w_k·A_k = 4 w1, w0, 2 w0, 3 w0: min 4 w1 (= 0.18970), max 3 w0 (= 2.85772)
    double range = 3 * W0 - 4 * W1;
    float[] expected = {
      0f, (float) ((W0 - 4 * W1) / range), (float) ((2 * W0 - 4 * W1) / range), 1f
    };
    assertEquals(0.285932, expected[1], 1e-5);
    assertEquals(0.642966, expected[2], 1e-5);
    SumScorer scorer = new SumScorer();
    SaliencyResult r = new ScoreCam().explain(INPUT, FEATURES, scorer);
    assertArrayEquals(expected, r.saliency(), 1e-5f);
    assertEquals(2, scorer.inputs(), "one masked input per channel");
    assertTrue(r.components().isEmpty());
    assertFalse(new ScoreCam().needsGradients());
  }

  @Test
  void everyChannelIsScoredInBatchesAndConstantChannelsShareOneZeroInput() {
    // 70 channels of 3x3; channels 5, 40 and 69 are constant (their masks are all zero)
    int c = 70;
    float[] a = new float[c * 9];
    for (int k = 0; k < c; k++) {
      for (int p = 0; p < 9; p++) {
        a[k * 9 + p] = (k == 5 || k == 40 || k == 69) ? 2f : p * (k % 3 + 1) + k;
      }
    }
    FeatureMaps f = new FeatureMaps(c, 3, 3, a, new float[c * 9]);
    ModelInput x = new ModelInput(2, 6, 6, filled(72, 1f));
    SumScorer scorer = new SumScorer();
    double[] s = ScoreCam.channelScores(x, f, scorer, new StageTimes());
    assertEquals(67 + 1, scorer.inputs(), "each non-constant channel once, the zero input once");
    assertTrue(scorer.calls.stream().allMatch(b -> b.size() <= ScoreCam.BATCH), "batch sizes");
    assertEquals(0, s[5]);
    assertEquals(0, s[40]);
    assertEquals(0, s[69]);
    for (int k = 0; k < c; k++) {
      if (k != 5 && k != 40 && k != 69) {
        float[] m = ScoreCam.mask(f, k, 6, 6);
        double expected = 0;
        for (float v : m) {
          expected += 2 * v; // two input channels of ones
        }
        assertEquals(expected, s[k], 1e-3, "channel " + k);
      }
    }
  }

  private static float[] filled(int n, float v) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, v);
    return out;
  }
}
