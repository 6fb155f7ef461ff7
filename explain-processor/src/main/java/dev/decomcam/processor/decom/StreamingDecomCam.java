package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.ComponentTracker;
import dev.decomcam.processor.track.TrackEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Streaming Decom-CAM: Decom-CAM for video at about the cost of one forward pass per frame.
 * Per-frame Decom-CAM ({@link DecomCam}, mode {@code full}, the reference) runs one masked forward
 * per component; consecutive frames have nearly the same decomposition, so this method keeps each
 * camera's components in a {@link StreamingState} and per frame:
 *
 * <ol>
 *   <li>detects a reset ({@link ResetDetector}): first frame, feature shape or target class change,
 *       or a scene cut (cosine of the {@link SceneSignature} vs the previous frame below {@code
 *       resetThreshold});
 *   <li>keeps the decomposed channel set sticky ({@link StickyChannels}; refreshed when the frame's
 *       own top-K overlaps it less than {@code channelOverlap}, or on a reset) so the columns of X
 *       stay comparable;
 *   <li>decomposes X with {@link WarmStartSvd}, warm from the previous basis, and measures the
 *       subspace change (largest principal angle);
 *   <li>tracks components ({@link ComponentTracker}): stable ids, SVD signs flipped back to the
 *       previous orientation, events;
 *   <li>reuses scores ({@link ScoreMemory}, {@link RefreshPlanner}): a component keeps the score
 *       last measured for its current orientation (a new one borrows the score of the previous
 *       component it resembles most); a budget of {@code refreshPerFrame} masked forwards per
 *       frame, spent in one batch every {@code refreshEvery} frames, re-scores first the components
 *       flipped to a never-measured orientation, then the new, drifted or most stale; on a reset,
 *       or when new or drifted components hold at least {@code rescoreAllFraction} of the energy,
 *       the strongest of them are re-scored at once until they hold {@code resetCoverage} of the
 *       singular values, and the rest wait for the budget (after a reset with the lowest measured
 *       score as an estimate);
 *   <li>combines exactly as Decom-CAM does: w = max-normalised thresholded scores, min-max(max(0, Σ
 *       w_i·U_i)), so streaming and full maps are directly comparable.
 * </ol>
 *
 * With {@code TrackerConfig.signSwitchRatio} above 1 the orientation rule differs from the full
 * method by design: a persisting component keeps its previous orientation unless the per-frame rule
 * wins decisively, which removes most of per-frame Decom-CAM's flicker at some cost in agreement
 * with it (see {@link dev.decomcam.processor.track.TrackerConfig}).
 *
 * <pre>{@code
 * StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.defaults());
 * Explained<StreamingState> e = cam.explain(input, features, model.scorer(target),
 *     new FrameContext(target, captureMs), stored == null ? cam.coldState() : stored);
 * store.put(camera, e.next());              // StreamingStateCodec.encode for a byte store
 * publish(e.result(), e.result().tracking().components(), e.result().tracking().events());
 * }</pre>
 *
 * <p>Stateless and thread-safe: the camera's state travels in and out of {@link #explain}.
 *
 * <p>Decom-CAM: Yang et al., <a href="https://arxiv.org/abs/2306.04644">arXiv:2306.04644</a> and <a
 * href="https://arxiv.org/abs/2405.18882">arXiv:2405.18882</a>; the warm-started subspace iteration
 * and tracking are this project's.
 */
public final class StreamingDecomCam extends SaliencyMethod<StreamingState> {

  private static final StateCodec<StreamingState> CODEC =
      new StateCodec<>() {
        @Override
        public byte[] encode(StreamingState state) {
          return StreamingStateCodec.encode(state);
        }

        @Override
        public StreamingState decode(byte[] bytes) {
          return StreamingStateCodec.decode(bytes);
        }
      };

  private final StreamingConfig config;
  private final WarmStartSvd svd;
  private final ComponentTracker tracker;
  private final DownsampledBlur blur;
  private final ResetDetector resets;
  private final StickyChannels channels;
  private final RefreshPlanner planner;

  public StreamingDecomCam(StreamingConfig config) {
    this(config, new WarmStartSvd());
  }

  public StreamingDecomCam(StreamingConfig config, WarmStartSvd svd) {
    this.config = Objects.requireNonNull(config, "streaming config must not be null");
    this.svd = Objects.requireNonNull(svd, "warm-start svd must not be null");
    this.tracker = new ComponentTracker(config.tracker());
    // the baseline is rebuilt on every scoring round: blur at reduced resolution (close to the
    // exact blur, which full Decom-CAM keeps as the published reference)
    this.blur = new DownsampledBlur(config.decom().sigma());
    this.resets = new ResetDetector(config.resetThreshold());
    this.channels = new StickyChannels(config.channelOverlap());
    this.planner = new RefreshPlanner(config);
  }

  public StreamingConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "decomcam";
  }

  @Override
  public String mode() {
    return "streaming";
  }

  @Override
  public StreamingState coldState() {
    return StreamingState.cold();
  }

  @Override
  public boolean carriesState() {
    return true;
  }

  @Override
  public StateCodec<StreamingState> stateCodec() {
    return CODEC;
  }

  /**
   * One frame of a camera whose state was {@code prev}: {@code frame}'s target class (a change
   * resets the components) and timestamp (stored as the last-seen time) go into the next state.
   */
  @Override
  protected CamImage<StreamingState> camImage(
      ModelInput input,
      FeatureMaps f,
      double[] alpha,
      MaskedScorer scorer,
      FrameContext frame,
      StreamingState prev,
      StageTimes times) {
    if (scorer == null) {
      throw new IllegalArgumentException(
          "decomcam: a MaskedScorer is required: pass model.scorer(target)");
    }
    DecomCamConfig dc = config.decom();
    int fh = f.height();
    int fw = f.width();
    long t = System.nanoTime();
    float[] scene = SceneSignature.of(f);
    ResetDetector.Verdict verdict = resets.check(prev, f, scene, frame.targetClass());
    boolean reset = verdict.reset();
    long index = prev.frames();

    int[] top = PrincipalMaps.topK(alpha, dc.topK());
    Arrays.sort(top);
    StickyChannels.Choice set =
        reset ? StickyChannels.fresh(top) : channels.choose(top, prev.channels(), prev.basis());
    int n =
        Math.max(0, Math.min(dc.components(), Math.min(f.positions() - 1, set.channels().length)));
    WarmStartSvd.Solution sol =
        svd.solve(PrincipalMaps.centred(f, alpha, set.channels()), n, set.warm());
    Decomposition d = sol.decomposition();
    PrincipalMaps.fixSigns(d);
    n = d.components();
    double angle = set.comparable() ? subspaceAngle(prev.basis(), d.v(), n) : Double.NaN;
    t = times.since("svd", t);

    float[][] raw = new float[n][];
    for (int i = 0; i < n; i++) {
      raw[i] = OssmMaps.map(d, i);
    }
    ComponentTracker.Matching m =
        reset
            ? tracker.reset(prev.tracks(), raw, prev.nextId(), verdict.reason())
            : tracker.match(prev.tracks(), raw, prev.nextId());
    float[][] maps = m.maps();
    t = times.since("track", t);

    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      energy[i] = d.energy(i);
    }
    ScoreMemory.KnownScore[] known =
        reset ? new ScoreMemory.KnownScore[n] : ScoreMemory.recall(m, maps, prev.components());
    RefreshPlanner.ScoringPlan plan =
        planner.plan(maps, reset, index, energy, d.singularValues(), known);
    List<float[]> toScore = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (plan.measure()[i]) {
        // only the masks scored are upsampled: the combination is upsampled once below
        toScore.add(OssmMaps.upsampledClamped(maps[i], fh, fw, input.height(), input.width()));
      }
    }
    t = times.since("masks", t);
    boolean gain = dc.scoreMode() == DecomCamConfig.ScoreMode.GAIN;
    double[] measured = new double[0];
    int forwards = 0;
    if (!toScore.isEmpty()) {
      ModelInput blurred = blur.apply(input);
      t = times.since("blur", t);
      measured = OssmMaps.score(input, blurred, toScore, scorer, gain);
      forwards = toScore.size() + (gain ? 1 : 0);
      t = times.since("scoring", t);
    }

    ScoreMemory.Settled settled =
        ScoreMemory.settle(known, plan.measure(), measured, m.tracks(), maps, index);
    double[] weights = ComponentWeights.maxNormalised(settled.scores(), dc.threshold());
    float[] sum =
        OssmMaps.combineThenUpsample(maps, weights, fh, fw, input.height(), input.width());
    List<Ossm> ossms = new ArrayList<>(n);
    List<TrackedOssm> tracked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Ossm o =
          new Ossm(
              i,
              fh,
              fw,
              maps[i],
              d.singularValues()[i],
              energy[i],
              settled.scores()[i],
              weights[i]);
      ossms.add(o);
      tracked.add(
          new TrackedOssm(
              o,
              m.ids()[i],
              m.similarity()[i],
              !plan.measure()[i],
              index - settled.components().get(i).scoredAtFrame()));
    }
    List<TrackEvent> events = ComponentTracker.events(m, energy, weights);
    Tracking.Scoring scoring =
        new Tracking.Scoring(
            plan.scoring().reset(),
            plan.scoring().changed(),
            plan.scoring().refresh(),
            settled.estimated());
    Tracking tracking =
        new Tracking(
            true,
            tracked,
            events,
            reset,
            forwards,
            angle,
            sol.iterations(),
            verdict.sceneSimilarity(),
            scoring);
    StreamingState next =
        new StreamingState(
            index + 1,
            frame.timestampMs(),
            frame.targetClass(),
            f.channels(),
            fh,
            fw,
            set.channels(),
            sol.basis(),
            scene,
            m.nextId(),
            settled.components());
    times.since("combine", t);
    return new CamImage<>(sum, ossms, tracking, next);
  }

  /**
   * Largest principal angle between the previous basis' first {@code n} columns and {@code v}; NaN
   * if it has fewer.
   */
  private static double subspaceAngle(DMatrixRMaj previous, DMatrixRMaj v, int n) {
    if (previous.numCols < n || n == 0) {
      return Double.NaN;
    }
    DMatrixRMaj before = new DMatrixRMaj(previous.numRows, n);
    CommonOps_DDRM.extract(previous, 0, before.numRows, 0, n, before, 0, 0);
    return WarmStartSvd.maxPrincipalAngle(before, v);
  }
}
