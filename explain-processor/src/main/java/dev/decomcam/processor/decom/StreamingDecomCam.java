package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.ComponentEvent;
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
 *   <li>reuses the scores of persisting components whose map drifted less than
 *   {@code driftThreshold} since they were scored; scores new, drifted and re-oriented ones,
 *   plus the oldest scores up to {@code refreshPerFrame} masked forwards (round robin); all on
 *   a reset or when at least {@code rescoreAllFraction} of them need it;</li>
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
  public record Frame(SaliencyResult result, List<TrackedOssm> components, List<ComponentEvent> events,
      StreamingState state, int maskedForwards, boolean reset, double subspaceAngle, int svdIterations,
      double sceneSimilarity) {

    public Frame {
      components = List.copyOf(components);
      events = List.copyOf(events);
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
  private final GaussianBlur blur;
  private StreamingState single;

  public StreamingDecomCam(StreamingConfig config) {
    this(config, new WarmStartSvd());
  }

  public StreamingDecomCam(StreamingConfig config, WarmStartSvd svd) {
    this.config = Objects.requireNonNull(config, "streaming config must not be null");
    this.svd = Objects.requireNonNull(svd, "warm-start svd must not be null");
    this.tracker = new ComponentTracker(config.tracker());
    this.blur = new GaussianBlur(config.decom().sigma());
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
  public boolean needsGradients() {
    return true;
  }

  @Override
  protected double[] channelWeights(FeatureMaps features) {
    return meanGradients(features);
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
    long t = System.nanoTime();
    float[] saliency = MinMax.normalizeInPlace(MinMax.reluInPlace(w.sum));
    times.since("combine", t);
    times.since("total", start);
    times.ensure(STAGES);
    times.ensure("track");
    SaliencyResult result = new SaliencyResult(saliency, input.height(), input.width(), features.height(),
        features.width(), w.ossms, times.snapshot());
    return new Frame(result, w.tracked, w.events, w.state, w.maskedForwards, w.reset, w.angle, w.iterations,
        w.sceneSimilarity);
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
  private record Work(float[] sum, List<Ossm> ossms, List<TrackedOssm> tracked, List<ComponentEvent> events,
      StreamingState state, int maskedForwards, boolean reset, double angle, int iterations,
      double sceneSimilarity) {}

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
    } else {
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
      raw[i] = Integration.map(d, i);
    }
    List<Track> prevTracks = prev == null ? List.of() : prev.tracks();
    int nextId = prev == null ? 0 : prev.nextId();
    ComponentTracker.Matching m = reset ? tracker.reset(prevTracks, raw, nextId, reason)
        : tracker.match(prevTracks, raw, nextId);
    float[][] maps = m.maps();
    t = times.since("track", t);

    float[][] upsampled = new float[n][];
    for (int i = 0; i < n; i++) {
      upsampled[i] = Integration.upsampledClamped(maps[i], fh, fw, outH, outW);
    }
    t = times.since("masks", t);

    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      energy[i] = d.energy(i);
    }
    int[] source = reset ? new int[n] : scoreSources(m, maps, prev);
    boolean[] fresh = pickForScoring(m, maps, prev, reset, frame, energy, source);
    List<float[]> toScore = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (fresh[i]) {
        toScore.add(upsampled[i]);
      }
    }
    boolean gain = dc.scoreMode() == DecomCamConfig.ScoreMode.GAIN;
    double[] measured = new double[0];
    int forwards = 0;
    if (!toScore.isEmpty()) {
      ModelInput blurred = blur.apply(input);
      t = times.since("blur", t);
      measured = Integration.score(input, blurred, toScore, scorer, gain);
      forwards = toScore.size() + (gain ? 1 : 0);
      t = times.since("scoring", t);
    }

    double[] scores = new double[n];
    long[] scoredAt = new long[n];
    float[][] scoredMaps = new float[n][];
    for (int i = 0, j = 0; i < n; i++) {
      if (fresh[i]) {
        scores[i] = measured[j++];
        scoredAt[i] = frame;
        scoredMaps[i] = maps[i];
      } else {
        StreamingState.Component pc = prev.components().get(source[i]);
        scores[i] = pc.score();
        scoredAt[i] = pc.scoredAtFrame();
        scoredMaps[i] = pc.scoredMap();
      }
    }
    double[] weights = ComponentWeights.maxNormalised(scores, dc.threshold());
    float[] sum = Integration.combine(upsampled, weights, outH * outW);
    List<Ossm> ossms = new ArrayList<>(n);
    List<TrackedOssm> tracked = new ArrayList<>(n);
    List<StreamingState.Component> comps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Ossm o = new Ossm(i, fh, fw, maps[i], d.singularValues()[i], energy[i], scores[i], weights[i]);
      ossms.add(o);
      tracked.add(new TrackedOssm(o, m.ids()[i], m.similarity()[i], !fresh[i], frame - scoredAt[i]));
      comps.add(new StreamingState.Component(m.tracks().get(i), scores[i], scoredAt[i], scoredMaps[i]));
    }
    List<ComponentEvent> events = ComponentTracker.events(m, energy, weights);
    StreamingState next = new StreamingState(frame + 1, ts, target, f.channels(), fh, fw, channels, sol.basis(), scene,
        m.nextId(), comps);
    times.since("combine", t);
    return new Work(sum, ossms, tracked, events, next, forwards, reset, angle, sol.iterations(), sceneSim);
  }

  /**
   * Whose score each component starts from: its own previous one when it persisted, else that
   * of the previous component its map resembles most (an estimate until it is measured; its
   * drift, measured against that component's scored map, keeps it high in the refresh queue);
   * -1 when there is no previous component at all.
   */
  private static int[] scoreSources(ComponentTracker.Matching m, float[][] maps, StreamingState prev) {
    int n = maps.length;
    int[] source = new int[n];
    for (int i = 0; i < n; i++) {
      source[i] = m.previous()[i];
      if (source[i] < 0) {
        double best = -1;
        for (int j = 0; j < prev.components().size(); j++) {
          double c = Math.abs(ComponentTracker.cosine(maps[i], prev.components().get(j).track().map()));
          if (c > best) {
            best = c;
            source[i] = j;
          }
        }
      }
    }
    return source;
  }

  /**
   * Which components get a masked forward this frame. All on a reset, or when the components
   * that are new or drifted hold at least {@code rescoreAllFraction} of the energy (the
   * decomposition really changed). Otherwise exactly {@code refreshPerFrame}, by priority:
   * the score's age in round-robin cycles (components / budget frames) plus 2 for a
   * re-oriented component (the per-frame sign rule won: its mask is now the other side of its
   * map), 1 for a new one (its score is borrowed) or min(1, drift / driftThreshold),
   * drift being 1 − cos between its map now and the map that was scored; ties go to the larger
   * energy. So a new or drifted component jumps the queue like a score one cycle old, and a
   * noisy low-energy component that churns every frame can neither starve the others nor
   * push the cost above the budget.
   */
  private boolean[] pickForScoring(ComponentTracker.Matching m, float[][] maps, StreamingState prev, boolean reset,
      long frame, double[] energy, int[] source) {
    int n = maps.length;
    boolean[] need = new boolean[n];
    if (reset) {
      Arrays.fill(need, true);
      return need;
    }
    double[] priority = new double[n];
    int mandatory = 0;
    double changedEnergy = 0;
    double totalEnergy = 0;
    double cycle = config.refreshPerFrame() > 0 ? (double) config.refreshPerFrame() / Math.max(n, 1) : 0;
    for (int i = 0; i < n; i++) {
      totalEnergy += energy[i];
      if (source[i] < 0) {
        need[i] = true;
        mandatory++;
        continue;
      }
      StreamingState.Component pc = prev.components().get(source[i]);
      double drift = 1 - ComponentTracker.cosine(maps[i], pc.scoredMap());
      boolean own = m.persisted(i);
      changedEnergy += !own || !m.signChanged()[i] && drift > config.driftThreshold() ? energy[i] : 0;
      // re-oriented: its mask is now the other side of the map, the old score is for a different mask
      double d = m.signChanged()[i] ? 2 : !own ? 1 : config.driftThreshold() > 0
          ? Math.min(1, drift / config.driftThreshold()) : (drift > 0 ? 1 : 0);
      priority[i] = d + (frame - pc.scoredAtFrame()) * cycle;
    }
    if (n > 0 && totalEnergy > 0 && changedEnergy >= config.rescoreAllFraction() * totalEnergy) {
      Arrays.fill(need, true);
      return need;
    }
    for (int count = mandatory; count < budget(frame); count++) {
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
    }
    return need;
  }

  /**
   * Masked forwards this frame may spend outside resets: a fractional {@code refreshPerFrame}
   * r accumulates over frames, floor((f + 1)·r) − floor(f·r) on frame f, so any r is met
   * exactly on average without keeping a credit in the state.
   */
  private int budget(long frame) {
    double r = config.refreshPerFrame();
    return (int) (Math.floor((frame + 1) * r) - Math.floor(frame * r));
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
