package dev.decomcam.processor.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.ModelInput;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric on cases whose answer is known by construction, with a fake model. */
class MetricsTest {
  private static final int W = 16;
  private static final int H = 16;
  private static final Box REGION = new Box(4, 4, 7, 7); // 16 of the 256 pixels

  /**
   * A fake classifier: the target's score is the mean of the first channel over {@link #REGION} (1
   * on the intact image, 0 when the region is gone), so the region is what decides the class.
   */
  private static final ClassScores FAKE =
      (inputs, target) -> {
        float[] out = new float[inputs.size()];
        for (int i = 0; i < out.length; i++) {
          float[] d = inputs.get(i).data();
          double s = 0;
          for (int y = REGION.y0(); y <= REGION.y1(); y++) {
            for (int x = REGION.x0(); x <= REGION.x1(); x++) {
              s += d[y * W + x];
            }
          }
          out[i] = (float) (s / 16);
        }
        return out;
      };

  private static ModelInput ones() {
    float[] d = new float[3 * H * W];
    Arrays.fill(d, 1f);
    return new ModelInput(3, H, W, d);
  }

  /** A map that is 1 on the box and 0 elsewhere. */
  private static float[] boxMap(Box b) {
    float[] m = new float[H * W];
    for (int y = b.y0(); y <= b.y1(); y++) {
      for (int x = b.x0(); x <= b.x1(); x++) {
        m[y * W + x] = 1;
      }
    }
    return m;
  }

  @Test
  void aMapEqualToTheBoxHitsThePointingGameAndHoldsAllItsEnergy() {
    float[] m = boxMap(REGION);
    assertTrue(PointingGame.hit(m, W, REGION, 0));
    assertEquals(1.0, PointingGame.energy(m, W, REGION), 1e-12);
    // the map's peak one pixel left of the box: a miss, a hit with tolerance 1
    float[] off = new float[H * W];
    off[5 * W + 3] = 1;
    assertFalse(PointingGame.hit(off, W, REGION, 0));
    assertTrue(PointingGame.hit(off, W, REGION, 1));
    // boxes are inclusive: the corner pixel (7,7) is inside
    float[] corner = new float[H * W];
    corner[7 * W + 7] = 1;
    assertTrue(PointingGame.hit(corner, W, REGION, 0));
  }

  @Test
  void energyOfAMapHalfInsideTheBoxIsOneHalf() {
    // 1 on the box's 16 pixels and on 16 pixels outside it, 0 elsewhere: min-max keeps it as is
    float[] m = boxMap(REGION);
    for (int x = 0; x < 16; x++) {
      m[12 * W + x] = 1;
    }
    assertEquals(0.5, PointingGame.energy(m, W, REGION), 1e-12);
    // an offset leaves the min-max normalised map, and so the share, unchanged
    float[] shifted = m.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] = 3 + 2 * shifted[i];
    }
    assertEquals(0.5, PointingGame.energy(shifted, W, REGION), 1e-12);
  }

  @Test
  void deletingTheDiscriminativeRegionFirstGivesTheLowerDeletionAuc() {
    ModelInput image = ones();
    ModelInput zero = Baseline.ZERO.of(image, new float[3], new float[] {1, 1, 1});
    PixelPerturbation p = new PixelPerturbation(16, 5); // 16 pixels per step
    double first = p.deletion(image, boxMap(REGION), zero, 0, FAKE).auc();
    float[] last = boxMap(REGION);
    for (int i = 0; i < last.length; i++) {
      last[i] = 1 - last[i];
    }
    double lastAuc = p.deletion(image, last, zero, 0, FAKE).auc();
    // region first: the score falls to 0 after the first step; last: only at the end
    assertEquals(0.5 / 16, first, 1e-6);
    assertEquals(1 - 0.5 / 16, lastAuc, 1e-6);
    assertTrue(first < lastAuc);
    // insertion is the mirror image: region first gives the higher AUC
    double insFirst = p.insertion(image, boxMap(REGION), zero, 0, FAKE).auc();
    double insLast = p.insertion(image, last, zero, 0, FAKE).auc();
    assertTrue(insFirst > insLast, insFirst + " vs " + insLast);
  }

  @Test
  void curvesHaveNStepsPlusOnePointsAndTheLastStepMayBeShort() {
    // 256 pixels in 3 steps: step ceil(256/3) = 86, points at 0, 86, 172, 256 pixels changed
    ModelInput image = ones();
    ModelInput zero = Baseline.ZERO.of(image, new float[3], new float[] {1, 1, 1});
    float[] flat = new float[H * W];
    ClassScores changed =
        (inputs, t) -> {
          float[] out = new float[inputs.size()];
          for (int i = 0; i < out.length; i++) {
            float[] d = inputs.get(i).data();
            int z = 0;
            for (int k = 0; k < H * W; k++) {
              z += d[k] == 0 && d[H * W + k] == 0 && d[2 * H * W + k] == 0 ? 1 : 0;
            }
            out[i] = z;
          }
          return out;
        };
    Curve c = new PixelPerturbation(3, 2).deletion(image, flat, zero, 0, changed);
    assertArrayEquals(new float[] {0, 86, 172, 256}, c.points());
  }

  @Test
  void trapezoidAucOfKnownCurves() {
    assertEquals(0.5, Trapezoid.auc(new float[] {0, 0.5f, 1}), 1e-12); // y = x
    assertEquals(1.0, Trapezoid.auc(new float[] {1, 1, 1, 1, 1}), 1e-12);
    // (sum - c0/2 - cn/2) / n = (1 + 0 + 1 - 0.5 - 0.5) / 2
    assertEquals(0.5, Trapezoid.auc(new float[] {1, 0, 1}), 1e-12);
    assertEquals(0.5, Trapezoid.auc(new float[] {1, 0}), 1e-12); // (1 - 0.5 - 0) / 1
  }

  @Test
  void anAllEqualMapGivesRowMajorOrderAndTiesBreakByIndex() {
    float[] flat = new float[12];
    int[] order = PixelOrder.descending(flat);
    for (int i = 0; i < order.length; i++) {
      assertEquals(i, order[i]);
    }
    float[] m = {0.5f, 1, 0.5f, 1, 0};
    assertArrayEquals(new int[] {1, 3, 0, 2, 4}, PixelOrder.descending(m));
    boolean[] top = PixelOrder.top(new float[10], 0.2); // round(2.0) pixels: the first two
    assertTrue(top[0] && top[1] && !top[2]);
  }

  @Test
  void decileEdgesFallInTheUpperDecileAndOneInTheLast() {
    assertEquals(0, Subsets.decile(0.0));
    assertEquals(0, Subsets.decile(0.0999999));
    assertEquals(1, Subsets.decile(0.1));
    assertEquals(1, Subsets.decile(0.1999999));
    assertEquals(2, Subsets.decile(0.2));
    assertEquals(3, Subsets.decile(0.3));
    assertEquals(7, Subsets.decile(0.7));
    assertEquals(9, Subsets.decile(0.9));
    assertEquals(9, Subsets.decile(1.0));
    assertEquals("conf 0.1-0.2", Subsets.decileName(Subsets.decile(0.1)));
    assertEquals(List.of("overall", "wrong", "conf 0.9-1.0"), Subsets.of(1.0, false));
    assertEquals(List.of("overall", "conf 0.0-0.1"), Subsets.of(0.05, null));
  }

  @Test
  void pearsonAndTopIouOnKnownPairs() {
    float[] a = {1, 2, 3, 4, 5};
    assertEquals(1.0, TemporalStability.pearson(a, new float[] {2, 4, 6, 8, 10}), 1e-12);
    assertEquals(-1.0, TemporalStability.pearson(a, new float[] {5, 4, 3, 2, 1}), 1e-12);
    assertTrue(Double.isNaN(TemporalStability.pearson(a, new float[5])));
    // 10 pixels: top regions of round(0.2*10) = 2 pixels; {0,1} vs {1,2}: IoU 1/3
    float[] p = {9, 8, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] q = {0, 9, 8, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(1.0 / 3, TemporalStability.topIou(p, q), 1e-12);
    assertEquals(1.0, TemporalStability.topIou(p, p), 1e-12);
    float[] r = {0, 0, 0, 0, 0, 0, 0, 0, 9, 8};
    assertEquals(0.0, TemporalStability.topIou(p, r), 1e-12);
  }

  @Test
  void averageDropAndIncreaseInConfidence() {
    ModelInput image = ones(); // normalised 1 with mean 0.5, std 0.25: raw 0.75
    float[] mean = {0.5f, 0.5f, 0.5f};
    float[] std = {0.25f, 0.25f, 0.25f};
    // the map is 1 on the region: E keeps it (raw 0.75, normalised 1), zeroes the rest (raw 0)
    ModelInput e = ConfidenceChange.explanationImage(image, boxMap(REGION), mean, std);
    assertEquals(1f, e.data()[5 * W + 5], 1e-6);
    assertEquals(-2f, e.data()[0], 1e-6);
    ConfidenceChange kept = ConfidenceChange.measure(image, boxMap(REGION), mean, std, 0, FAKE);
    assertEquals(0.0, kept.drop(), 1e-6);
    assertFalse(kept.increased());
    assertEquals(0.25, new ConfidenceChange(0.8, 0.6).drop(), 1e-12);
    assertEquals(0.0, new ConfidenceChange(0.6, 0.8).drop(), 1e-12);
    assertTrue(new ConfidenceChange(0.6, 0.8).increased());
  }

  @Test
  void baselines() {
    ModelInput image = ones();
    float[] mean = {0.5f, 0.25f, 0f};
    float[] std = {0.5f, 0.25f, 1f};
    ModelInput black = Baseline.BLACK.of(image, mean, std);
    assertEquals(-1f, black.data()[0]);
    assertEquals(-1f, black.data()[H * W]);
    assertEquals(0f, black.data()[2 * H * W], 1e-7);
    assertEquals(0f, Baseline.ZERO.of(image, mean, std).data()[7]);
    // blurring a constant image leaves it constant (weights sum to 1, mirrored borders)
    for (float v : Baseline.BLUR.of(image, mean, std).data()) {
      assertEquals(1f, v, 1e-6);
    }
    assertEquals(11, MirrorBlur.weights().length);
    // d c b | a b c d | c b a
    assertEquals(1, MirrorBlur.mirror(-1, 4));
    assertEquals(3, MirrorBlur.mirror(-3, 4));
    assertEquals(2, MirrorBlur.mirror(4, 4));
    assertEquals(0, MirrorBlur.mirror(6, 4));
  }

  @Test
  void blurOfAnImpulseIsTheKernelMirroredAtTheBorder() {
    // one row of 8, an impulse at x = 0: out[x] = k(x) + k(-x mirrored) for the taps that fold
    float[] d = new float[8];
    d[0] = 1;
    float[] out = MirrorBlur.apply(new ModelInput(1, 1, 8, d)).data();
    float[] k = MirrorBlur.weights(); // k[5] is the centre
    // vertical pass over one row: every tap mirrors to row 0, so it multiplies by sum(k) = 1
    assertEquals(k[5], out[0], 1e-6);
    assertEquals(k[6], out[1], 1e-6); // input x=0 reaches x=1 once (x = 1 - 1)
    assertEquals(k[10], out[5], 1e-6);
    assertEquals(0f, out[6], 1e-6);
  }

  @Test
  void summaryMeansPerSubsetWithCounts() {
    SubsetSummary s = new SubsetSummary();
    s.add(item("a", 0.95, 1, 1, 0.2, 0.8, 1, Double.NaN, false));
    s.add(item("b", 0.15, 1, 2, 0.4, 0.6, 0, 0.5, false));
    s.add(item("c", 0.12, 2, -1, 0.3, 0.3, Double.NaN, Double.NaN, true));
    SubsetSummary.Cell all = s.cell("m", Subsets.OVERALL);
    assertEquals(3, all.items());
    assertEquals(0.3, all.mean(Metric.DELETION_AUC), 1e-12);
    assertEquals((0.6 + 0.2 + 0.0) / 3, all.mean(Metric.INS_MINUS_DEL), 1e-12);
    assertEquals(2, all.count(Metric.POINTING_GAME));
    assertEquals(0.5, all.mean(Metric.POINTING_GAME), 1e-12);
    assertEquals(1, all.count(Metric.TEMPORAL_PEARSON));
    assertEquals(1, all.pairsLeftOut());
    assertEquals(1, s.cell("m", Subsets.CORRECT).items());
    assertEquals(1, s.cell("m", Subsets.WRONG).items());
    assertEquals(2, s.cell("m", "conf 0.1-0.2").items());
    assertEquals(null, s.cell("m", "conf 0.5-0.6"));
  }

  private static ItemResult item(
      String name,
      double conf,
      int predicted,
      int label,
      double del,
      double ins,
      double pg,
      double r,
      boolean cut) {
    return new ItemResult(
        name, "m", predicted, predicted, label, conf, del, ins, 0, 0, pg, pg, r, r, cut);
  }
}
