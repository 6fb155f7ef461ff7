package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link SaliencyMethod} promises, whatever its hook does. */
class SaliencyMethodContractTest {

  static Stream<Arguments> methods() {
    int[][] shapes = {
      {64, 7, 7, 56, 48}, {16, 2, 3, 20, 30}, {3, 1, 1, 8, 8}, {200, 14, 14, 112, 112}
    };
    Stream.Builder<Arguments> b = Stream.builder();
    for (SaliencyMethod<?> m :
        List.<SaliencyMethod<?>>of(
            new GradCam(),
            new GradCamPlusPlus(),
            new ScoreCam(),
            new DecomCam(DecomCamConfig.defaults()),
            new DecomCam(
                DecomCamConfig.defaults().withScoreMode(DecomCamConfig.ScoreMode.GAIN).withTopK(5)),
            new DecomCam(DecomCamConfig.defaults().withComponents(1).withSigma(2)),
            // one instance across all shapes, its state carried: it must reset on a shape change
            new StreamingDecomCam(StreamingConfig.defaults()),
            new StreamingDecomCam(
                StreamingConfig.of(
                        DecomCamConfig.defaults()
                            .withTopK(5)
                            .withScoreMode(DecomCamConfig.ScoreMode.GAIN))
                    .withRefreshPerFrame(0)))) {
      for (int[] s : shapes) {
        b.add(Arguments.of(m, s[0], s[1], s[2], s[3], s[4]));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} C={1} {2}x{3} -> {4}x{5}")
  @MethodSource("methods")
  void shapeRangeFinitenessAndNoMutation(
      SaliencyMethod<?> method, int c, int fh, int fw, int h, int w) {
    ModelInput x = Synthetic.image(c + 1, h, w);
    FeatureMaps f = Synthetic.features(c + 2, c, fh, fw);
    float[] xCopy = x.data().clone();
    float[] aCopy = f.activations().clone();
    float[] gCopy = f.gradients().clone();

    SaliencyResult r = explainCarried(method, x, f, Synthetic.quadrantScorer());

    assertEquals(h, r.height());
    assertEquals(w, r.width());
    assertEquals(fh, r.featureHeight());
    assertEquals(fw, r.featureWidth());
    assertEquals(h * w, r.saliency().length);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : r.saliency()) {
      assertFalse(Float.isNaN(v));
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= 0f && max <= 1f, "range " + min + ".." + max);
    assertTrue(
        max == 0f || (min == 0f && max == 1f), "min-max normalised or blank: " + min + ".." + max);
    for (String k : List.of("svd", "masks", "scoring", "combine", SaliencyMethod.SALIENCY_STAGE)) {
      assertTrue(r.timingsMs().containsKey(k), "timing " + k);
    }
    assertArrayEquals(xCopy, x.data(), "input mutated");
    assertArrayEquals(aCopy, f.activations(), "activations mutated");
    assertArrayEquals(gCopy, f.gradients(), "gradients mutated");
    for (Ossm o : r.components()) {
      assertEquals(fh * fw, o.map().length);
      assertTrue(o.weight() >= 0 && o.weight() <= 1);
    }
    if (method instanceof GradCam
        || method instanceof GradCamPlusPlus
        || method instanceof ScoreCam) {
      assertTrue(r.components().isEmpty());
    } else if (fh * fw > 1) {
      assertFalse(r.components().isEmpty());
    }
  }

  /** Each method's state, carried from call to call (across shapes) as a caller would. */
  private static final java.util.Map<SaliencyMethod<?>, CameraState> STATES =
      new java.util.IdentityHashMap<>();

  private static <S extends CameraState> SaliencyResult explainCarried(
      SaliencyMethod<S> m, ModelInput x, FeatureMaps f, MaskedScorer scorer) {
    @SuppressWarnings("unchecked")
    S previous = (S) STATES.getOrDefault(m, m.coldState());
    Explained<S> e = m.explain(x, f, scorer, new FrameContext(-1, 0), previous);
    STATES.put(m, e.next());
    return e.result();
  }
}
