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
    slowDrift(
        new WarmStartSvd(5, 1e-6, 50, 0), ALL_ON_RESET.withRefreshPerFrame(1).withRefreshEvery(1));
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
    StreamingState state = StreamingState.cold();
    int frames = 40;
    double[] r = new double[frames];
    int appearedAfterStart = 0;
    int persisted = 0;
    Set<Integer> leadingIds = new HashSet<>();
    for (int t = 0; t < frames; t++) {
      ModelInput x = video.image(t);
      FeatureMaps f = video.features(t);
      calls[0] = 0;
      Explained<StreamingState> fr =
          streaming.explain(x, f, video.linearScorer(calls), new FrameContext(7, 1000L + t), state);
      state = fr.next();
      assertEquals(calls[0], fr.result().tracking().maskedForwards());
      SaliencyResult ref = full.explain(x, f, video.linearScorer(new int[1]));
      r[t] = Correlation.pearson(fr.result().saliency(), ref.saliency());
      assertEquals(ref.components().size(), fr.result().tracking().components().size());
      if (t == 0) {
        assertTrue(fr.result().tracking().reset());
        int leading = leadingCount(fr, config.resetCoverage());
        assertEquals(
            leading,
            fr.result().tracking().maskedForwards(),
            "first frame scores the components holding the coverage");
        assertEquals(leading, fr.result().tracking().scoring().reset());
        assertEquals(6 - leading, fr.result().tracking().scoring().estimated());
        assertEquals(TrackEvent.Type.RESET, fr.result().tracking().events().get(0).type());
      } else {
        assertFalse(
            fr.result().tracking().reset(),
            "frame " + t + " similarity " + fr.result().tracking().sceneSimilarity());
        assertTrue(fr.result().tracking().sceneSimilarity() > 0.9);
        assertTrue(
            fr.result().tracking().subspaceAngle() >= 0
                && fr.result().tracking().subspaceAngle() < Math.PI / 2);
        long fresh =
            fr.result().tracking().components().stream().filter(c -> !c.scoreReused()).count();
        assertEquals(fresh, fr.result().tracking().maskedForwards());
        forwardsAfterStart += fr.result().tracking().maskedForwards();
        for (TrackEvent e : fr.result().tracking().events()) {
          appearedAfterStart += e.type() == TrackEvent.Type.APPEARED ? 1 : 0;
          persisted += e.type() == TrackEvent.Type.PERSISTED ? 1 : 0;
        }
      }
      leadingIds.add(fr.result().tracking().components().get(0).id());
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
    assertTrue(
        appearedAfterStart <= persisted / 20,
        "ids churned: " + appearedAfterStart + " appeared vs " + persisted + " persisted");
    assertEquals(1, leadingIds.size(), "the leading component keeps its id: " + leadingIds);
    // the budget is spent, and beyond it only on components without a score for their orientation
    double perFrame = forwardsAfterStart / (frames - 1.0);
    assertTrue(perFrame >= config.refreshPerFrame() * 0.75, "budget spent: " + perFrame);
    assertTrue(perFrame <= config.refreshPerFrame() + 0.5, "masked forwards per frame " + perFrame);
  }

  /** The fewest leading components whose singular values hold {@code coverage} of their sum. */
  static int leadingCount(Explained<StreamingState> fr, double coverage) {
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
    StreamingConfig config =
        StreamingConfig.of(DECOM).withResetCoverage(0.6).withRefreshPerFrame(1).withRefreshEvery(1);
    StreamingDecomCam cam = new StreamingDecomCam(config);
    StreamingState state =
        cam.explain(
                a.image(0),
                a.features(0),
                a.linearScorer(new int[1]),
                new FrameContext(1, 0),
                StreamingState.cold())
            .next();
    Explained<StreamingState> cut =
        cam.explain(
            b.image(1), b.features(1), b.linearScorer(new int[1]), new FrameContext(1, 1), state);
    assertTrue(cut.result().tracking().reset());
    int leading = leadingCount(cut, 0.6);
    assertTrue(leading >= 1 && leading < 6, "a strict subset is scored: " + leading);
    assertEquals(leading, cut.result().tracking().maskedForwards());
    // the leading components are measured, the others carry the lowest measured score
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < leading; i++) {
      assertFalse(
          cut.result().tracking().components().get(i).scoreReused(),
          "component " + i + " measured");
      lowest = Math.min(lowest, cut.result().tracking().components().get(i).ossm().score());
    }
    for (int i = leading; i < 6; i++) {
      TrackedOssm c = cut.result().tracking().components().get(i);
      assertTrue(c.scoreReused(), "component " + i + " waits for the budget");
      assertEquals(lowest, c.ossm().score(), 1e-9);
      assertTrue(cut.next().components().get(i).isEstimate());
    }
    assertEquals(6 - leading, cut.result().tracking().scoring().estimated());
    // a static shot: the budget (1 per frame) measures the estimated components first, one per
    // frame
    StreamingState s = cut.next();
    for (int t = 2; t < 2 + 6 - leading; t++) {
      Explained<StreamingState> f =
          cam.explain(
              b.image(t), b.features(t), b.linearScorer(new int[1]), new FrameContext(1, t), s);
      assertFalse(f.result().tracking().reset());
      assertEquals(1, f.result().tracking().scoring().refresh());
      assertEquals(
          6 - leading - (t - 1), f.result().tracking().scoring().estimated(), "frame " + t);
      s = f.next();
    }
    assertTrue(s.components().stream().noneMatch(StreamingState.Component::isEstimate));
  }

  @Test
  void aFractionalBudgetIsSpentInRoundsEveryRefreshEveryFrames() {
    Drifting video = new Drifting(2, 40, 7, 7, 28, 28, 0.0);
    StreamingDecomCam cam =
        new StreamingDecomCam(
            StreamingConfig.of(DECOM).withRefreshPerFrame(0.5).withRefreshEvery(4));
    StreamingState state = StreamingState.cold();
    int total = 0;
    for (int t = 0; t < 17; t++) {
      int[] calls = new int[1];
      MaskedScorer linear = video.linearScorer(new int[1]);
      MaskedScorer counting =
          batch -> {
            calls[0]++;
            return linear.score(batch);
          };
      Explained<StreamingState> fr =
          cam.explain(video.image(t), video.features(t), counting, new FrameContext(3, t), state);
      state = fr.next();
      if (t > 0) {
        // static scene: nothing is new, drifted or re-oriented, so only the rounds score: 0.5 x 4
        // on frames 3, 7, ...
        assertEquals(
            (t + 1) % 4 == 0 ? 2 : 0, fr.result().tracking().maskedForwards(), "frame " + t);
        assertEquals(
            fr.result().tracking().maskedForwards() > 0 ? 1 : 0,
            calls[0],
            "one batched scorer call per round");
        total += fr.result().tracking().maskedForwards();
      }
    }
    assertEquals(8, total);
  }

  @Test
  void maskedForwardsStayWithinTheBudgetOnAStaticScene() {
    Drifting video = new Drifting(2, 40, 7, 7, 28, 28, 0.0);
    StreamingDecomCam cam =
        new StreamingDecomCam(StreamingConfig.of(DECOM).withRefreshPerFrame(2).withRefreshEvery(1));
    StreamingState state = StreamingState.cold();
    int total = 0;
    for (int t = 0; t < 12; t++) {
      Explained<StreamingState> fr =
          cam.explain(
              video.image(t),
              video.features(t),
              video.linearScorer(new int[1]),
              new FrameContext(3, t),
              state);
      state = fr.next();
      if (t > 0) {
        assertTrue(
            fr.result().tracking().maskedForwards() <= 2,
            "frame " + t + ": " + fr.result().tracking().maskedForwards());
        total += fr.result().tracking().maskedForwards();
        // round robin: a score's age counts in cycles of components / budget = 3 frames and a
        // drifting (noise-level) component counts as one cycle old, so no score waits past two
        // cycles
        for (TrackedOssm c : fr.result().tracking().components()) {
          assertTrue(c.scoreAgeFrames() <= 6, "score age " + c.scoreAgeFrames());
          // only noise-level components (energy well under 1%) move between frames of a static
          // scene
          assertTrue(
              c.similarity() > 0.9 || c.ossm().energy() < 0.01,
              "rank "
                  + c.ossm().rank()
                  + " similarity "
                  + c.similarity()
                  + " energy "
                  + c.ossm().energy());
        }
      }
    }
    assertEquals(22, total);
    StreamingDecomCam none =
        new StreamingDecomCam(StreamingConfig.of(DECOM).withRefreshPerFrame(0));
    Explained<StreamingState> f0 =
        none.explain(
            video.image(0),
            video.features(0),
            video.linearScorer(new int[1]),
            new FrameContext(3, 0),
            StreamingState.cold());
    Explained<StreamingState> f1 =
        none.explain(
            video.image(1),
            video.features(1),
            batch -> {
              throw new AssertionError("nothing to score");
            },
            new FrameContext(3, 1),
            f0.next());
    assertEquals(0, f1.result().tracking().maskedForwards());
    assertTrue(f1.result().tracking().components().stream().allMatch(TrackedOssm::scoreReused));
  }

  @Test
  void aHardCutResetsWithinOneFrameAndRescoresEverything() {
    Drifting a = new Drifting(3, 48, 8, 8, 32, 32, 0.03);
    Drifting b = new Drifting(4, 48, 8, 8, 32, 32, 0.03);
    StreamingDecomCam cam = new StreamingDecomCam(ALL_ON_RESET);
    StreamingState state = StreamingState.cold();
    for (int t = 0; t < 5; t++) {
      state =
          cam.explain(
                  a.image(t),
                  a.features(t),
                  a.linearScorer(new int[1]),
                  new FrameContext(1, t),
                  state)
              .next();
    }
    Set<Integer> before =
        state.components().stream().map(c -> c.track().id()).collect(Collectors.toSet());
    Explained<StreamingState> cut =
        cam.explain(
            b.image(5), b.features(5), b.linearScorer(new int[1]), new FrameContext(1, 5), state);
    assertTrue(cut.result().tracking().reset());
    assertTrue(
        cut.result().tracking().sceneSimilarity() < 0.5,
        "similarity " + cut.result().tracking().sceneSimilarity());
    assertEquals(6, cut.result().tracking().maskedForwards());
    List<TrackEvent> ev = cut.result().tracking().events();
    assertEquals(TrackEvent.Type.RESET, ev.get(0).type());
    assertTrue(ev.get(0).reason().startsWith("scene cut"), ev.get(0).reason());
    Set<Integer> vanished =
        ev.stream()
            .filter(e -> e.type() == TrackEvent.Type.VANISHED)
            .map(TrackEvent::id)
            .collect(Collectors.toSet());
    Set<Integer> appeared =
        ev.stream()
            .filter(e -> e.type() == TrackEvent.Type.APPEARED)
            .map(TrackEvent::id)
            .collect(Collectors.toSet());
    assertEquals(before, vanished);
    assertEquals(6, appeared.size());
    appeared.retainAll(before);
    assertTrue(appeared.isEmpty(), "new ids only");
    // the first frame after the cut matches full Decom-CAM exactly
    SaliencyResult ref =
        new DecomCam(DECOM).explain(b.image(5), b.features(5), b.linearScorer(new int[1]));
    assertArrayEquals(ref.saliency(), cut.result().saliency(), 1e-5f);
    // and the next frame of the new shot persists
    Explained<StreamingState> after =
        cam.explain(
            b.image(6),
            b.features(6),
            b.linearScorer(new int[1]),
            new FrameContext(1, 6),
            cut.next());
    assertFalse(after.result().tracking().reset());
  }

  @Test
  void theChannelSetIsStickyAndRefreshedWarmWhenTheTopKDrifts() {
    Drifting v = new Drifting(8, 60, 7, 7, 28, 28, 0.02);
    StreamingDecomCam cam =
        new StreamingDecomCam(
            StreamingConfig.of(DECOM.withTopK(20)), new WarmStartSvd(5, 1e-8, 100, 0));
    Explained<StreamingState> f0 =
        cam.explain(
            v.image(0),
            v.features(0),
            v.linearScorer(new int[1]),
            new FrameContext(1, 0),
            StreamingState.cold());
    int[] sticky = f0.next().channels().clone();
    assertEquals(20, sticky.length);
    // a general head: gradients wobble a little, the top 20 changes by a channel or so
    FeatureMaps wobbly = withGradients(v.features(1), 0.0005, 1);
    int[] own = PrincipalMaps.topK(SaliencyMethod.meanGradients(wobbly), 20);
    Arrays.sort(own);
    long shared = Arrays.stream(own).filter(c -> Arrays.binarySearch(sticky, c) >= 0).count();
    assertTrue(
        shared < 20 && shared >= 18,
        "the frame's own top-20 differs a little: " + shared + " shared");
    Explained<StreamingState> f1 =
        cam.explain(
            v.image(1), wobbly, v.linearScorer(new int[1]), new FrameContext(1, 1), f0.next());
    assertArrayEquals(sticky, f1.next().channels(), "sticky despite small changes of the top-K");
    assertFalse(Double.isNaN(f1.result().tracking().subspaceAngle()));
    // gradients change a lot: a new channel set, warm-started from the remapped basis, ids still
    // tracked
    Explained<StreamingState> f2 =
        cam.explain(
            v.image(2),
            withGradients(v.features(2), 0.05, 2),
            v.linearScorer(new int[1]),
            new FrameContext(1, 2),
            f1.next());
    assertFalse(f2.result().tracking().reset());
    assertFalse(Arrays.equals(sticky, f2.next().channels()), "refreshed");
    assertTrue(
        Double.isNaN(f2.result().tracking().subspaceAngle()),
        "angles are not comparable across channel sets");
    assertTrue(f2.result().tracking().svdIterations() > 0);
    for (int i = 1; i < f2.next().channels().length; i++) {
      assertTrue(f2.next().channels()[i - 1] < f2.next().channels()[i], "ascending");
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
    Explained<StreamingState> f0 =
        cam.explain(
            v.image(0),
            v.features(0),
            v.linearScorer(new int[1]),
            new FrameContext(1, 0),
            StreamingState.cold());
    Explained<StreamingState> f1 =
        cam.explain(
            v.image(1),
            v.features(1),
            v.linearScorer(new int[1]),
            new FrameContext(2, 1),
            f0.next());
    assertTrue(f1.result().tracking().reset());
    assertEquals(
        "target class changed from 1 to 2", f1.result().tracking().events().get(0).reason());
    assertEquals(2, f1.next().targetClass());
    assertEquals(2, f1.next().frames());
    assertEquals(1, f1.next().lastSeenMs());
  }

  @Test
  void gainModeScoresTheBlurredBaselineWithTheRefreshedComponents() {
    Drifting v = new Drifting(6, 30, 6, 6, 24, 24, 0.02);
    StreamingDecomCam cam =
        new StreamingDecomCam(
            StreamingConfig.of(DECOM.withScoreMode(DecomCamConfig.ScoreMode.GAIN))
                .withResetCoverage(1)
                .withRefreshPerFrame(1)
                .withRefreshEvery(1));
    int[] calls = new int[1];
    Explained<StreamingState> f0 =
        cam.explain(
            v.image(0),
            v.features(0),
            v.linearScorer(calls),
            new FrameContext(1, 0),
            StreamingState.cold());
    assertEquals(7, f0.result().tracking().maskedForwards());
    assertEquals(7, calls[0]);
    Explained<StreamingState> f1 =
        cam.explain(
            v.image(1), v.features(1), v.linearScorer(calls), new FrameContext(1, 1), f0.next());
    assertEquals(2, f1.result().tracking().maskedForwards());
  }

  @Test
  void theSaliencyMethodContractCarriesOneStreamsState() {
    Drifting v = new Drifting(7, 30, 6, 6, 24, 24, 0.02);
    StreamingDecomCam cam =
        new StreamingDecomCam(ALL_ON_RESET.withRefreshPerFrame(1).withRefreshEvery(1));
    int[] calls = new int[1];
    FrameContext frame = new FrameContext(-1, 0);
    StreamingState s0 =
        cam.explain(v.image(0), v.features(0), v.linearScorer(calls), frame, cam.coldState())
            .next();
    assertEquals(6, calls[0]);
    Explained<StreamingState> r1 =
        cam.explain(v.image(1), v.features(1), v.linearScorer(calls), frame, s0);
    assertEquals(7, calls[0], "second frame: one masked forward");
    assertEquals(2, r1.next().frames());
    assertEquals(6, r1.result().components().size());
    cam.explain(v.image(2), v.features(2), v.linearScorer(calls), frame, cam.coldState());
    assertEquals(13, calls[0]);
  }
}
