package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.TrackEvent;
import dev.decomcam.processor.track.ComponentTracker;
import dev.decomcam.processor.track.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Streaming Decom-CAM: Decom-CAM for video at about the cost of one forward pass per frame.
 * Per-frame Decom-CAM ({@link DecomCam}, mode {@code full}, the reference) runs one masked
 * forward per component; consecutive frames have nearly the same decomposition, so this
 * method keeps each camera's components in a {@link StreamingState} and per frame:
 * <ol>
 *   <li>detects a reset: first frame, feature shape or target class change, or a scene cut
 *   (cosine of the {@link SceneSignature} vs the previous frame below {@code resetThreshold});</li>
 *   <li>keeps the decomposed channel set sticky (refreshed when the frame's own top-K overlaps
 *   it less than {@code channelOverlap}, or on a reset) so the columns of X stay comparable;</li>
 *   <li>decomposes X with {@link WarmStartSvd}, warm from the previous basis, and measures the
 *   subspace change (largest principal angle);</li>
 *   <li>tracks components ({@link ComponentTracker}): stable ids, SVD signs flipped back to the
 *   previous orientation, events;</li>
 *   <li>reuses scores: a component keeps the score last measured for its current orientation
 *   (a new one borrows the score of the previous component it resembles most); a budget of
 *   {@code refreshPerFrame} masked forwards per frame, spent in one batch every
 *   {@code refreshEvery} frames, re-scores first the components flipped to a never-measured
 *   orientation, then the new, drifted or most stale; on a reset, or when new or drifted
 *   components hold at least {@code rescoreAllFraction} of the energy, the strongest of them
 *   are re-scored at once until they hold {@code resetCoverage} of the singular values, and the
 *   rest wait for the budget (after a reset with the lowest measured score as an estimate);</li>
 *   <li>combines exactly as Decom-CAM does: w = max-normalised thresholded scores,
 *   min-max(max(0, Σ w_i·U_i)), so streaming and full maps are directly comparable.</li>
 * </ol>
 * With {@code TrackerConfig.signSwitchRatio} above 1 the orientation rule differs from the
 * full method by design: a persisting component keeps its previous orientation unless the
 * per-frame rule wins decisively, which removes most of per-frame Decom-CAM's flicker at
 * some cost in agreement with it (see {@link dev.decomcam.processor.track.TrackerConfig}).
 *
 * <pre>{@code
 * StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.defaults());
 * StreamingDecomCam.Frame f = cam.step(input, features, model.scorer(target), target, captureMs, store.get(camera));
 * store.put(camera, f.state());              // StreamingStateCodec.encode for a byte store
 * publish(f.result(), f.components(), f.events());
 * }</pre>
 *
 * <p>{@link #step} is stateless and thread-safe (the state travels in and out). The inherited
 * {@link #explain} serves a single stream (a CLI on one video): it keeps that stream's state
 * inside this object, never sees a target class (so never resets on one) and is serialised.
 *
 * <p>Decom-CAM: Yang et al., <a href="https://arxiv.org/abs/2306.04644">arXiv:2306.04644</a> and
 * <a href="https://arxiv.org/abs/2405.18882">arXiv:2405.18882</a>; the warm-started subspace
 * iteration and tracking are this project's.
 */
public final class StreamingDecomCam extends SaliencyMethod {

  /**
   * One frame's explanation: the saliency result (its components are this frame's OSSMs in rank
   * order, signed as tracked), the same components with their stable ids, the tracker's events,
   * the camera's next state, masked inputs scored this frame (including the blurred baseline in
   * GAIN mode), whether the frame reset the camera, the largest principal angle (radians) between
   * this and the previous leading subspace (NaN when the channel set changed or on a reset),
   * the SVD's iterations (0 = exact cold start) and the scene similarity to the previous
   * frame (NaN when there is none).
   */
  public record Frame(SaliencyResult result, List<TrackedOssm> components, List<TrackEvent> events,
      StreamingState state, int maskedForwards, boolean reset, double subspaceAngle, int svdIterations,
      double sceneSimilarity, Scoring scoring) {

    public Frame {
      components = List.copyOf(components);
      events = List.copyOf(events);
    }
  }

  /**
   * Components scored (one masked forward each) this frame, by cause: a reset (the strongest
   * components only, up to {@code resetCoverage}), a changed decomposition (new or drifted
   * components holding {@code rescoreAllFraction} of the energy, the strongest of them), and the
   * round-robin refresh budget; and how many components carry an estimated score, never measured
   * (after a reset the lowest measured one, until their turn in the budget).
   */
  public record Scoring(int reset, int changed, int refresh, int estimated) {

    /** Masked forwards for components (the GAIN baseline not included). */
    public int total() {
      return reset + changed + refresh;
    }
  }

  /**
   * A component with its stable {@code id}, its |cosine| to the matched component of the previous
   * frame (0 when new), whether its score was reused rather than measured this frame, and how
   * many frames old that score is (0 when fresh).
   */
  public record TrackedOssm(Ossm ossm, int id, double similarity, boolean scoreReused, long scoreAgeFrames) {}

  private final StreamingConfig config;
  private final WarmStartSvd svd;
  private final ComponentTracker tracker;
  private final DownsampledBlur blur;
  private StreamingState single;

  public StreamingDecomCam(StreamingConfig config) {
    this(config, new WarmStartSvd());
  }

  public StreamingDecomCam(StreamingConfig config, WarmStartSvd svd) {
    this.config = Objects.requireNonNull(config, "streaming config must not be null");
    this.svd = Objects.requireNonNull(svd, "warm-start svd must not be null");
    this.tracker = new ComponentTracker(config.tracker());
    // the baseline is rebuilt on every scoring round: blur at reduced resolution (within ~1% of
    // the exact blur, which full Decom-CAM keeps as the published reference)
    this.blur = new DownsampledBlur(config.decom().sigma());
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

  /**
   * Explains one frame of a camera whose state was {@code previous} (null for the first frame
   * or after expiry). {@code targetClass} is the explained class (a change resets the
   * components); {@code timestampMs} is stored as the last-seen time. Inputs are not modified.
   */
  public Frame step(ModelInput input, FeatureMaps features, MaskedScorer scorer, int targetClass, long timestampMs,
      StreamingState previous) {
    Objects.requireNonNull(input, "input must not be null");
    Objects.requireNonNull(features, "feature maps must not be null");
    StageTimes times = new StageTimes();
    long start = System.nanoTime();
    double[] alpha = channelWeights(features);
    times.since("weights", start);
    Work w = run(input, features, alpha, scorer, targetClass, timestampMs, previous, times);
    times.ensure("track");
    SaliencyResult result = finish(input, features, new CamImage(w.sum, w.ossms), times, start);
    return new Frame(result, w.tracked, w.events, w.state, w.maskedForwards, w.reset, w.angle, w.iterations,
        w.sceneSimilarity, w.scoring);
  }

  /** The single-stream state kept by {@link #explain}, or null before its first frame. */
  public synchronized StreamingState state() {
    return single;
  }

  /** Forgets the single-stream state of {@link #explain}: its next frame starts cold. */
  public synchronized void clearState() {
    single = null;
  }

  @Override
  protected synchronized CamImage camImage(ModelInput input, FeatureMaps features, double[] alpha, MaskedScorer scorer,
      StageTimes times) {
    int target = single == null ? -1 : single.targetClass();
    long ts = single == null ? 0 : single.lastSeenMs();
    Work w = run(input, features, alpha, scorer, target, ts, single, times);
    single = w.state;
    return new CamImage(w.sum, w.ossms);
  }

  /** Everything one frame produces before the final ReLU and min-max. */
  private record Work(float[] sum, List<Ossm> ossms, List<TrackedOssm> tracked, List<TrackEvent> events,
      StreamingState state, int maskedForwards, boolean reset, double angle, int iterations,
      double sceneSimilarity, Scoring scoring) {}

  private Work run(ModelInput input, FeatureMaps f, double[] alpha, MaskedScorer scorer, int target, long ts,
      StreamingState prev, StageTimes times) {
    if (scorer == null) {
      throw new IllegalArgumentException("decomcam: a MaskedScorer is required: pass model.scorer(target)");
    }
    DecomCamConfig dc = config.decom();
    int outH = input.height();
    int outW = input.width();
    int fh = f.height();
    int fw = f.width();

    long t = System.nanoTime();
    float[] scene = SceneSignature.of(f);
    double sceneSim = Double.NaN;
    String reason = null;
    if (prev == null) {
      reason = "start";
    } else if (!prev.sameShape(f)) {
      reason = "feature shape changed from " + prev.featureChannels() + "x" + prev.featureHeight() + "x"
          + prev.featureWidth() + " to " + f.channels() + "x" + fh + "x" + fw;
    } else if (prev.targetClass() != target) {
      reason = "target class changed from " + prev.targetClass() + " to " + target;
    } else if (prev.scene().length == scene.length) {
      // (a state restored from an older release has no comparable signature: no cut check then)
      sceneSim = ComponentTracker.cosine(scene, prev.scene());
      if (sceneSim < config.resetThreshold()) {
        reason = String.format(Locale.ROOT, "scene cut: activation similarity %.2f < %.2f", sceneSim,
            config.resetThreshold());
      }
    }
    boolean reset = reason != null;
    long frame = prev == null ? 0 : prev.frames();

    // sticky channel set: the columns of X, and so the previous basis, stay comparable
    int[] top = PrincipalMaps.topK(alpha, dc.topK());
    Arrays.sort(top);
    int[] channels = top;
    DMatrixRMaj warm = null;
    boolean comparable = false;
    if (!reset) {
      if (overlap(prev.channels(), top) >= config.channelOverlap() * top.length) {
        channels = prev.channels();
        warm = prev.basis();
        comparable = true;
      } else {
        warm = remap(prev.basis(), prev.channels(), top);
      }
    }
    int n = Math.max(0, Math.min(dc.components(), Math.min(f.positions() - 1, channels.length)));
    DMatrixRMaj x = PrincipalMaps.centred(f, alpha, channels);
    WarmStartSvd.Solution sol = svd.solve(x, n, warm);
    Decomposition d = sol.decomposition();
    PrincipalMaps.fixSigns(d);
    n = d.components();
    double angle = Double.NaN;
    if (comparable && prev.basis().numCols >= n && n > 0) {
      DMatrixRMaj before = new DMatrixRMaj(prev.basis().numRows, n);
      CommonOps_DDRM.extract(prev.basis(), 0, before.numRows, 0, n, before, 0, 0);
      angle = WarmStartSvd.maxPrincipalAngle(before, d.v());
    }
    t = times.since("svd", t);

    float[][] raw = new float[n][];
    for (int i = 0; i < n; i++) {
      raw[i] = OssmMaps.map(d, i);
    }
    List<Track> prevTracks = prev == null ? List.of() : prev.tracks();
    int nextId = prev == null ? 0 : prev.nextId();
    ComponentTracker.Matching m = reset ? tracker.reset(prevTracks, raw, nextId, reason)
        : tracker.match(prevTracks, raw, nextId);
    float[][] maps = m.maps();
    t = times.since("track", t);

    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      energy[i] = d.energy(i);
    }
    Memo[] memo = reset ? new Memo[n] : memos(m, maps, prev);
    Plan plan = pickForScoring(m, maps, reset, frame, energy, d.singularValues(), memo);
    boolean[] fresh = plan.need();
    // only the masks scored this frame are upsampled: the combination is upsampled once below
    List<float[]> toScore = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (fresh[i]) {
        toScore.add(OssmMaps.upsampledClamped(maps[i], fh, fw, outH, outW));
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

    double[] scores = new double[n];
    // after a reset the components not yet measured (the weaker ones) take the lowest measured
    // score until their turn: the mean overrated them (full Decom-CAM's weights of weak
    // components average about half the strong ones'), which cost stability (bench, MobileNetV2,
    // demo video: consecutive-frame r 0.787 with the mean, 0.803 with the minimum)
    double estimate = measured.length == 0 ? 0 : Arrays.stream(measured).min().getAsDouble();
    int estimated = 0;
    List<StreamingState.Component> comps = new ArrayList<>(n);
    for (int i = 0, j = 0; i < n; i++) {
      Memo mi = memo[i];
      StreamingState.Component c;
      if (fresh[i]) {
        scores[i] = measured[j++];
        c = mi == null || !mi.hasOpposite()
            ? new StreamingState.Component(m.tracks().get(i), scores[i], frame, maps[i])
            : new StreamingState.Component(m.tracks().get(i), scores[i], frame, maps[i], mi.oppositeScore(),
                mi.oppositeAt(), mi.oppositeMap());
      } else if (mi == null) {
        scores[i] = estimate;
        c = StreamingState.Component.estimated(m.tracks().get(i), estimate, frame);
      } else if (!mi.known()) {
        // re-oriented noise-level component waiting for its turn: keep the other side's score as
        // an estimate, stored against the other side's map so its drift keeps it high in the queue
        scores[i] = mi.oppositeScore();
        c = new StreamingState.Component(m.tracks().get(i), scores[i], mi.oppositeAt(), mi.oppositeMap());
      } else {
        scores[i] = mi.score();
        c = mi.hasOpposite()
            ? new StreamingState.Component(m.tracks().get(i), mi.score(), mi.at(), mi.map(), mi.oppositeScore(),
                mi.oppositeAt(), mi.oppositeMap())
            : new StreamingState.Component(m.tracks().get(i), mi.score(), mi.at(), mi.map());
      }
      estimated += c.isEstimate() ? 1 : 0;
      comps.add(c);
    }
    Scoring scoring = new Scoring(plan.scoring().reset(), plan.scoring().changed(), plan.scoring().refresh(),
        estimated);
    double[] weights = ComponentWeights.maxNormalised(scores, dc.threshold());
    float[] sum = OssmMaps.combineThenUpsample(maps, weights, fh, fw, outH, outW);
    List<Ossm> ossms = new ArrayList<>(n);
    List<TrackedOssm> tracked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Ossm o = new Ossm(i, fh, fw, maps[i], d.singularValues()[i], energy[i], scores[i], weights[i]);
      ossms.add(o);
      tracked.add(new TrackedOssm(o, m.ids()[i], m.similarity()[i], !fresh[i], frame - comps.get(i).scoredAtFrame()));
    }
    List<TrackEvent> events = ComponentTracker.events(m, energy, weights);
    StreamingState next = new StreamingState(frame + 1, ts, target, f.channels(), fh, fw, channels, sol.basis(), scene,
        m.nextId(), comps);
    times.since("combine", t);
    return new Work(sum, ossms, tracked, events, next, forwards, reset, angle, sol.iterations(), sceneSim, scoring);
  }

  /**
   * What a component knows of its scores, in this frame's orientation: the score, when it was
   * measured and on which map, and the same for the opposite orientation (NaN, null: unknown).
   * {@code own} is false for a new component that borrows the score of the previous component
   * its map resembles most (an estimate until it is measured).
   */
  private record Memo(boolean own, double score, long at, float[] map, double oppositeScore, long oppositeAt,
      float[] oppositeMap) {

    boolean known() {
      return map != null;
    }

    boolean hasOpposite() {
      return oppositeMap != null;
    }

    static Memo of(StreamingState.Component c, boolean own, boolean flipped) {
      // an estimate stands for both orientations: nothing was measured on either side
      if (!own || c.isEstimate()) {
        return new Memo(false, c.score(), c.scoredAtFrame(), c.scoredMap(), Double.NaN, 0, null);
      }
      return flipped
          ? new Memo(true, c.oppositeScore(), c.oppositeScoredAtFrame(), c.oppositeScoredMap(), c.score(),
              c.scoredAtFrame(), c.scoredMap())
          : new Memo(true, c.score(), c.scoredAtFrame(), c.scoredMap(), c.oppositeScore(), c.oppositeScoredAtFrame(),
              c.oppositeScoredMap());
    }
  }

  /**
   * Each component's scores: its own previous ones when it persisted (swapped when its
   * orientation changed, so a flip back to an orientation already measured costs nothing), else
   * those of the previous component its map resembles most; null when there is no previous
   * component at all.
   */
  private static Memo[] memos(ComponentTracker.Matching m, float[][] maps, StreamingState prev) {
    int n = maps.length;
    Memo[] out = new Memo[n];
    for (int i = 0; i < n; i++) {
      if (m.persisted(i)) {
        out[i] = Memo.of(prev.components().get(m.previous()[i]), true, m.signChanged()[i]);
        continue;
      }
      double best = -1;
      for (int j = 0; j < prev.components().size(); j++) {
        double c = Math.abs(ComponentTracker.cosine(maps[i], prev.components().get(j).track().map()));
        if (c > best) {
          best = c;
          out[i] = Memo.of(prev.components().get(j), false, false);
        }
      }
    }
    return out;
  }

  /** Which components get a masked forward this frame, and why. */
  private record Plan(boolean[] need, Scoring scoring) {}

  /**
   * Which components get a masked forward this frame. On a reset, the strongest components
   * until they hold {@code resetCoverage} of Σσ (the combined map is Σ w_i·max(σ_i·u_i, 0), so
   * the leading ones decide it); the others get the lowest measured score and lead the refresh
   * queue. When the components that are new or drifted hold at least {@code rescoreAllFraction}
   * of the energy (the decomposition really changed), the strongest of those in the same way.
   * Otherwise up to this frame's share of {@code refreshPerFrame} ({@link #budget}), by
   * priority: 2 for a re-oriented component whose new side was never measured (its score is the
   * other side's, for the other half of its map), else the score's age in round-robin
   * cycles (components / budget frames) plus 1 for a new or estimated component or
   * min(1, drift / driftThreshold), drift being 1 − cos between its map now and the map that was
   * scored; ties go to the larger energy. So a new or drifted component jumps the queue like a
   * score one cycle old, and a noisy low-energy component that churns every frame can neither
   * starve the others nor push the cost above the budget.
   */
  private Plan pickForScoring(ComponentTracker.Matching m, float[][] maps, boolean reset, long frame,
      double[] energy, double[] singular, Memo[] memo) {
    int n = maps.length;
    boolean[] need = new boolean[n];
    if (reset) {
      boolean[] all = new boolean[n];
      Arrays.fill(all, true);
      return new Plan(need, new Scoring(leading(singular, all, need), 0, 0, 0));
    }
    double[] priority = new double[n];
    boolean[] changed = new boolean[n];
    int mandatory = 0;
    double changedEnergy = 0;
    double totalEnergy = 0;
    double cycle = config.refreshPerFrame() > 0 ? config.refreshPerFrame() / Math.max(n, 1) : 0;
    for (int i = 0; i < n; i++) {
      totalEnergy += energy[i];
      if (memo[i] == null) {
        // nothing to borrow from (the previous frame had no components)
        need[i] = true;
        mandatory++;
        continue;
      }
      if (!memo[i].known()) {
        // re-oriented to a side never measured: first in the queue, within the budget (scoring
        // such flips at once cost 0.2 to 0.3 masked forwards per frame on vtest and the demo
        // video and left fidelity to the full method unchanged: bench, MobileNetV2)
        priority[i] = 2 + frame * cycle;
        continue;
      }
      double drift = 1 - ComponentTracker.cosine(maps[i], memo[i].map());
      boolean own = memo[i].own();
      changed[i] = !own || drift > config.driftThreshold();
      changedEnergy += changed[i] ? energy[i] : 0;
      double d = !own ? 1 : config.driftThreshold() > 0
          ? Math.min(1, drift / config.driftThreshold()) : (drift > 0 ? 1 : 0);
      priority[i] = d + (frame - memo[i].at()) * cycle;
    }
    if (n > 0 && totalEnergy > 0 && changedEnergy >= config.rescoreAllFraction() * totalEnergy) {
      return new Plan(need, new Scoring(mandatory, leading(singular, changed, need), 0, 0));
    }
    int budget = budget(frame);
    int refresh = 0;
    for (int count = mandatory; count < budget; count++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!need[i] && (best < 0 || priority[i] > priority[best]
            || priority[i] == priority[best] && energy[i] > energy[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      need[best] = true;
      refresh++;
    }
    return new Plan(need, new Scoring(mandatory, 0, refresh, 0));
  }

  /**
   * Marks {@code candidates} in {@code need}, strongest first (singular values come in
   * descending order), until the marked ones hold {@code resetCoverage} of the candidates' Σσ;
   * candidates already marked count towards it. Returns how many it marked (at least one when
   * a candidate is left and none holds any of Σσ yet).
   */
  private int leading(double[] singular, boolean[] candidates, boolean[] need) {
    double total = 0;
    for (int i = 0; i < candidates.length; i++) {
      total += candidates[i] ? singular[i] : 0;
    }
    double goal = config.resetCoverage() * total;
    double covered = 0;
    int marked = 0;
    for (int i = 0; i < candidates.length; i++) {
      if (!candidates[i]) {
        continue;
      }
      if (!need[i] && (covered < goal || covered == 0 && marked == 0)) {
        need[i] = true;
        marked++;
      }
      if (need[i]) {
        covered += singular[i];
      }
    }
    return marked;
  }

  /**
   * Masked forwards this frame may spend outside resets. {@code refreshPerFrame} r accumulates
   * over frames and is spent in rounds every {@code refreshEvery} P frames: on frames f with
   * f mod P = P − 1, floor((f + 1)·r) − floor((f + 1 − P)·r), else 0. Any r is met exactly on
   * average without a credit kept in the state, and a round's masked inputs share one blur of
   * the frame and one batched forward, which cost far less than P separate ones.
   */
  private int budget(long frame) {
    double r = config.refreshPerFrame();
    int p = config.refreshEvery();
    if ((frame + 1) % p != 0) {
      return 0;
    }
    return (int) (Math.floor((frame + 1) * r) - Math.floor((frame + 1 - p) * r));
  }

  private static int overlap(int[] sortedA, int[] sortedB) {
    int i = 0;
    int j = 0;
    int same = 0;
    while (i < sortedA.length && j < sortedB.length) {
      if (sortedA[i] == sortedB[j]) {
        same++;
        i++;
        j++;
      } else if (sortedA[i] < sortedB[j]) {
        i++;
      } else {
        j++;
      }
    }
    return same;
  }

  /** The previous basis with its rows moved to the new channel set (zero for new channels). */
  private static DMatrixRMaj remap(DMatrixRMaj basis, int[] from, int[] to) {
    DMatrixRMaj out = new DMatrixRMaj(to.length, basis.numCols);
    for (int r = 0; r < to.length; r++) {
      int k = Arrays.binarySearch(from, to[r]);
      if (k >= 0) {
        for (int c = 0; c < basis.numCols; c++) {
          out.unsafe_set(r, c, basis.unsafe_get(k, c));
        }
      }
    }
    return out;
  }
}
