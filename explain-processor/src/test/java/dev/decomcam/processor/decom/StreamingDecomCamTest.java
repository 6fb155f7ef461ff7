package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.track.TrackEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StreamingDecomCamTest {

  static final DecomCamConfig DECOM = DecomCamConfig.defaults().withSigma(3).withComponents(6);
  /** Streaming defaults that score every component on a reset, as full Decom-CAM does. */
  static final StreamingConfig ALL_ON_RESET = StreamingConfig.of(DECOM).withResetCoverage(1);

  @Test
  void slowDriftAgreesWithFullDecomCamAtAboutOneMaskedForwardPerFrame() {
    slowDrift(new WarmStartSvd(), ALL_ON_RESET.withRefreshPerFrame(1).withRefreshEvery(1));
  }

  @Test
  void slowDriftWithTheIterativeWarmStartToo() {
    slowDrift(new WarmStartSvd(5, 1e-6, 50, 0), ALL_ON_RESET.withRefreshPerFrame(1).withRefreshEvery(1));
  }

  @Test
  void slowDriftAgreesWithFullDecomCamOnTheDefaultFractionalBudget() {
    slowDrift(new WarmStartSvd(), StreamingConfig.of(DECOM));
  }

  private static void slowDrift(WarmStartSvd svd, StreamingConfig config) {
    Drifting video = new Drifting(1, 48, 8, 8, 32, 32, 0.04);
    StreamingDecomCam streaming = new StreamingDecomCam(config, svd);
    long forwardsAfterStart = 0;
    DecomCam full = new DecomCam(DECOM);
    int[] calls = new int[1];
    StreamingState state = null;
    int frames = 40;
    double[] r = new double[frames];
    int appearedAfterStart = 0;
    int persisted = 0;
    Set<Integer> leadingIds = new HashSet<>();
    for (int t = 0; t < frames; t++) {
      ModelInput x = video.image(t);
      FeatureMaps f = video.features(t);
      calls[0] = 0;
      StreamingDecomCam.Frame fr = streaming.step(x, f, video.linearScorer(calls), 7, 1000L + t, state);
      state = fr.state();
      assertEquals(calls[0], fr.maskedForwards());
      SaliencyResult ref = full.explain(x, f, video.linearScorer(new int[1]));
      r[t] = Correlation.pearson(fr.result().saliency(), ref.saliency());
      assertEquals(ref.components().size(), fr.components().size());
      if (t == 0) {
        assertTrue(fr.reset());
        int leading = leadingCount(fr, config.resetCoverage());
        assertEquals(leading, fr.maskedForwards(), "first frame scores the components holding the coverage");
        assertEquals(leading, fr.scoring().reset());
        assertEquals(6 - leading, fr.scoring().estimated());
        assertEquals(TrackEvent.Type.RESET, fr.events().get(0).type());
      } else {
        assertFalse(fr.reset(), "frame " + t + " similarity " + fr.sceneSimilarity());
        assertTrue(fr.sceneSimilarity() > 0.9);
        assertTrue(fr.subspaceAngle() >= 0 && fr.subspaceAngle() < Math.PI / 2);
        long fresh = fr.components().stream().filter(c -> !c.scoreReused()).count();
        assertEquals(fresh, fr.maskedForwards());
        forwardsAfterStart += fr.maskedForwards();
        for (TrackEvent e : fr.events()) {
          appearedAfterStart += e.type() == TrackEvent.Type.APPEARED ? 1 : 0;
          persisted += e.type() == TrackEvent.Type.PERSISTED ? 1 : 0;
        }
      }
      leadingIds.add(fr.components().get(0).id());
      assertEquals("streaming", streaming.mode());
      assertTrue(fr.result().timingsMs().containsKey("scoring"));
    }
    double mean = Arrays.stream(r).skip(1).average().orElseThrow();
    double min = Arrays.stream(r).skip(1).min().orElseThrow();
    if (config.resetCoverage() == 1) {
      assertEquals(1.0, r[0], 1e-6, "the first frame is full Decom-CAM");
    }
    assertTrue(mean >= 0.95, "mean Pearson r vs full " + mean + " " + Arrays.toString(r));
    assertTrue(min >= 0.85, "min Pearson r vs full " + min);
    assertTrue(appearedAfterStart <= persisted / 20, "ids churned: " + appearedAfterStart + " appeared vs "
        + persisted + " persisted");
    assertEquals(1, leadingIds.size(), "the leading component keeps its id: " + leadingIds);
    // the budget is spent, and beyond it only on components without a score for their orientation
    double perFrame = forwardsAfterStart / (frames - 1.0);
    assertTrue(perFrame >= config.refreshPerFrame() * 0.75, "budget spent: " + perFrame);
    assertTrue(perFrame <= config.refreshPerFrame() + 0.5, "masked forwards per frame " + perFrame);
  }

  /** The fewest leading components whose singular values hold {@code coverage} of their sum. */
  static int leadingCount(StreamingDecomCam.Frame fr, double coverage) {
    double total = fr.result().components().stream().mapToDouble(Ossm::singularValue).sum();
    double covered = 0;
    int k = 0;
    for (Ossm o : fr.result().components()) {
      if (covered >= coverage * total && k > 0) {
        break;
      }
      covered += o.singularValue();
      k++;
    }
    return k;
  }

  @Test
  void aResetScoresTheLeadingComponentsAndTheBudgetTheRest() {
    Drifting a = new Drifting(3, 48, 8, 8, 32, 32, 0.0);
    Drifting b = new Drifting(4, 48, 8, 8, 32, 32, 0.0);
    StreamingConfig config = StreamingConfig.of(DECOM).withResetCoverage(0.6).withRefreshPerFrame(1).withRefreshEvery(1);
    StreamingDecomCam cam = new StreamingDecomCam(config);
    StreamingState state = cam.step(a.image(0), a.features(0), a.linearScorer(new int[1]), 1, 0, null).state();
    StreamingDecomCam.Frame cut = cam.step(b.image(1), b.features(1), b.linearScorer(new int[1]), 1, 1, state);
    assertTrue(cut.reset());
    int leading = leadingCount(cut, 0.6);
    assertTrue(leading >= 1 && leading < 6, "a strict subset is scored: " + leading);
    assertEquals(leading, cut.maskedForwards());
    // the leading components are measured, the others carry the lowest measured score
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < leading; i++) {
      assertFalse(cut.components().get(i).scoreReused(), "component " + i + " measured");
      lowest = Math.min(lowest, cut.components().get(i).ossm().score());
    }
    for (int i = leading; i < 6; i++) {
      StreamingDecomCam.TrackedOssm c = cut.components().get(i);
      assertTrue(c.scoreReused(), "component " + i + " waits for the budget");
      assertEquals(lowest, c.ossm().score(), 1e-9);
      assertTrue(cut.state().components().get(i).isEstimate());
    }
    assertEquals(6 - leading, cut.scoring().estimated());
    // a static shot: the budget (1 per frame) measures the estimated components first, one per frame
    StreamingState s = cut.state();
    for (int t = 2; t < 2 + 6 - leading; t++) {
      StreamingDecomCam.Frame f = cam.step(b.image(t), b.features(t), b.linearScorer(new int[1]), 1, t, s);
      assertFalse(f.reset());
      assertEquals(1, f.scoring().refresh());
      assertEquals(6 - leading - (t - 1), f.scoring().estimated(), "frame " + t);
      s = f.state();
    }
    assertTrue(s.components().stream().noneMatch(StreamingState.Component::isEstimate));
  }

  @Test
  void aFractionalBudgetIsSpentInRoundsEveryRefreshEveryFrames() {
    Drifting video = new Drifting(2, 40, 7, 7, 28, 28, 0.0);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM).withRefreshPerFrame(0.5)
        .withRefreshEvery(4));
    StreamingState state = null;
    int total = 0;
    for (int t = 0; t < 17; t++) {
      int[] calls = new int[1];
      MaskedScorer linear = video.linearScorer(new int[1]);
      MaskedScorer counting = batch -> {
        calls[0]++;
        return linear.score(batch);
      };
      StreamingDecomCam.Frame fr = cam.step(video.image(t), video.features(t), counting, 3, t, state);
      state = fr.state();
      if (t > 0) {
        // static scene: nothing is new, drifted or re-oriented, so only the rounds score: 0.5 x 4 on frames 3, 7, ...
        assertEquals((t + 1) % 4 == 0 ? 2 : 0, fr.maskedForwards(), "frame " + t);
        assertEquals(fr.maskedForwards() > 0 ? 1 : 0, calls[0], "one batched scorer call per round");
        total += fr.maskedForwards();
      }
    }
    assertEquals(8, total);
  }

  @Test
  void maskedForwardsStayWithinTheBudgetOnAStaticScene() {
    Drifting video = new Drifting(2, 40, 7, 7, 28, 28, 0.0);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM).withRefreshPerFrame(2).withRefreshEvery(1));
    StreamingState state = null;
    int total = 0;
    for (int t = 0; t < 12; t++) {
      StreamingDecomCam.Frame fr = cam.step(video.image(t), video.features(t), video.linearScorer(new int[1]), 3, t,
          state);
      state = fr.state();
      if (t > 0) {
        assertTrue(fr.maskedForwards() <= 2, "frame " + t + ": " + fr.maskedForwards());
        total += fr.maskedForwards();
        // round robin: a score's age counts in cycles of components / budget = 3 frames and a
        // drifting (noise-level) component counts as one cycle old, so no score waits past two cycles
        for (StreamingDecomCam.TrackedOssm c : fr.components()) {
          assertTrue(c.scoreAgeFrames() <= 6, "score age " + c.scoreAgeFrames());
          // only noise-level components (energy well under 1%) move between frames of a static scene
          assertTrue(c.similarity() > 0.9 || c.ossm().energy() < 0.01, "rank " + c.ossm().rank() + " similarity " + c.similarity() + " energy " + c.ossm().energy());
        }
      }
    }
    assertEquals(22, total);
    StreamingDecomCam none = new StreamingDecomCam(StreamingConfig.of(DECOM).withRefreshPerFrame(0));
    StreamingDecomCam.Frame f0 = none.step(video.image(0), video.features(0), video.linearScorer(new int[1]), 3, 0, null);
    StreamingDecomCam.Frame f1 = none.step(video.image(1), video.features(1), batch -> {
      throw new AssertionError("nothing to score");
    }, 3, 1, f0.state());
    assertEquals(0, f1.maskedForwards());
    assertTrue(f1.components().stream().allMatch(StreamingDecomCam.TrackedOssm::scoreReused));
  }

  @Test
  void aHardCutResetsWithinOneFrameAndRescoresEverything() {
    Drifting a = new Drifting(3, 48, 8, 8, 32, 32, 0.03);
    Drifting b = new Drifting(4, 48, 8, 8, 32, 32, 0.03);
    StreamingDecomCam cam = new StreamingDecomCam(ALL_ON_RESET);
    StreamingState state = null;
    for (int t = 0; t < 5; t++) {
      state = cam.step(a.image(t), a.features(t), a.linearScorer(new int[1]), 1, t, state).state();
    }
    Set<Integer> before = state.components().stream().map(c -> c.track().id()).collect(Collectors.toSet());
    StreamingDecomCam.Frame cut = cam.step(b.image(5), b.features(5), b.linearScorer(new int[1]), 1, 5, state);
    assertTrue(cut.reset());
    assertTrue(cut.sceneSimilarity() < 0.5, "similarity " + cut.sceneSimilarity());
    assertEquals(6, cut.maskedForwards());
    List<TrackEvent> ev = cut.events();
    assertEquals(TrackEvent.Type.RESET, ev.get(0).type());
    assertTrue(ev.get(0).reason().startsWith("scene cut"), ev.get(0).reason());
    Set<Integer> vanished = ev.stream().filter(e -> e.type() == TrackEvent.Type.VANISHED)
        .map(TrackEvent::id).collect(Collectors.toSet());
    Set<Integer> appeared = ev.stream().filter(e -> e.type() == TrackEvent.Type.APPEARED)
        .map(TrackEvent::id).collect(Collectors.toSet());
    assertEquals(before, vanished);
    assertEquals(6, appeared.size());
    appeared.retainAll(before);
    assertTrue(appeared.isEmpty(), "new ids only");
    // the first frame after the cut matches full Decom-CAM exactly
    SaliencyResult ref = new DecomCam(DECOM).explain(b.image(5), b.features(5), b.linearScorer(new int[1]));
    assertArrayEquals(ref.saliency(), cut.result().saliency(), 1e-5f);
    // and the next frame of the new shot persists
    StreamingDecomCam.Frame after = cam.step(b.image(6), b.features(6), b.linearScorer(new int[1]), 1, 6, cut.state());
    assertFalse(after.reset());
  }

  @Test
  void theChannelSetIsStickyAndRefreshedWarmWhenTheTopKDrifts() {
    Drifting v = new Drifting(8, 60, 7, 7, 28, 28, 0.02);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM.withTopK(20)),
        new WarmStartSvd(5, 1e-8, 100, 0));
    StreamingDecomCam.Frame f0 = cam.step(v.image(0), v.features(0), v.linearScorer(new int[1]), 1, 0, null);
    int[] sticky = f0.state().channels().clone();
    assertEquals(20, sticky.length);
    // a general head: gradients wobble a little, the top 20 changes by a channel or so
    FeatureMaps wobbly = withGradients(v.features(1), 0.0005, 1);
    int[] own = PrincipalMaps.topK(SaliencyMethod.meanGradients(wobbly), 20);
    Arrays.sort(own);
    long shared = Arrays.stream(own).filter(c -> Arrays.binarySearch(sticky, c) >= 0).count();
    assertTrue(shared < 20 && shared >= 18, "the frame's own top-20 differs a little: " + shared + " shared");
    StreamingDecomCam.Frame f1 = cam.step(v.image(1), wobbly, v.linearScorer(new int[1]), 1, 1, f0.state());
    assertArrayEquals(sticky, f1.state().channels(), "sticky despite small changes of the top-K");
    assertFalse(Double.isNaN(f1.subspaceAngle()));
    // gradients change a lot: a new channel set, warm-started from the remapped basis, ids still tracked
    StreamingDecomCam.Frame f2 = cam.step(v.image(2), withGradients(v.features(2), 0.05, 2), v.linearScorer(new int[1]),
        1, 2, f1.state());
    assertFalse(f2.reset());
    assertFalse(Arrays.equals(sticky, f2.state().channels()), "refreshed");
    assertTrue(Double.isNaN(f2.subspaceAngle()), "angles are not comparable across channel sets");
    assertTrue(f2.svdIterations() > 0);
    for (int i = 1; i < f2.state().channels().length; i++) {
      assertTrue(f2.state().channels()[i - 1] < f2.state().channels()[i], "ascending");
    }
  }

  /** Same activations, channel gradients jittered by {@code noise} (seeded). */
  private static FeatureMaps withGradients(FeatureMaps f, double noise, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] g = f.gradients().clone();
    int hw = f.positions();
    for (int c = 0; c < f.channels(); c++) {
      float d = (float) (noise * r.nextGaussian());
      for (int p = 0; p < hw; p++) {
        g[c * hw + p] += d;
      }
    }
    return new FeatureMaps(f.channels(), f.height(), f.width(), f.activations(), g);
  }

  @Test
  void aTargetClassChangeResets() {
    Drifting v = new Drifting(5, 30, 6, 6, 24, 24, 0.02);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM));
    StreamingDecomCam.Frame f0 = cam.step(v.image(0), v.features(0), v.linearScorer(new int[1]), 1, 0, null);
    StreamingDecomCam.Frame f1 = cam.step(v.image(1), v.features(1), v.linearScorer(new int[1]), 2, 1, f0.state());
    assertTrue(f1.reset());
    assertEquals("target class changed from 1 to 2", f1.events().get(0).reason());
    assertEquals(2, f1.state().targetClass());
    assertEquals(2, f1.state().frames());
    assertEquals(1, f1.state().lastSeenMs());
  }

  @Test
  void gainModeScoresTheBlurredBaselineWithTheRefreshedComponents() {
    Drifting v = new Drifting(6, 30, 6, 6, 24, 24, 0.02);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM.withScoreMode(DecomCamConfig.ScoreMode.GAIN))
        .withResetCoverage(1).withRefreshPerFrame(1).withRefreshEvery(1));
    int[] calls = new int[1];
    StreamingDecomCam.Frame f0 = cam.step(v.image(0), v.features(0), v.linearScorer(calls), 1, 0, null);
    assertEquals(7, f0.maskedForwards());
    assertEquals(7, calls[0]);
    StreamingDecomCam.Frame f1 = cam.step(v.image(1), v.features(1), v.linearScorer(calls), 1, 1, f0.state());
    assertEquals(2, f1.maskedForwards());
  }

  @Test
  void theSaliencyMethodPathKeepsOneStreamsState() {
    Drifting v = new Drifting(7, 30, 6, 6, 24, 24, 0.02);
    StreamingDecomCam cam = new StreamingDecomCam(ALL_ON_RESET.withRefreshPerFrame(1).withRefreshEvery(1));
    int[] calls = new int[1];
    cam.explain(v.image(0), v.features(0), v.linearScorer(calls));
    assertEquals(6, calls[0]);
    SaliencyResult r1 = cam.explain(v.image(1), v.features(1), v.linearScorer(calls));
    assertEquals(7, calls[0], "second frame: one masked forward");
    assertEquals(2, cam.state().frames());
    assertEquals(6, r1.components().size());
    cam.clearState();
    cam.explain(v.image(2), v.features(2), v.linearScorer(calls));
    assertEquals(13, calls[0]);
  }
}
