package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.Explained;
import dev.decomcam.processor.decom.FrameContext;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.PerFrameMethod;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.decom.Tracking;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.explain.TargetChooser;
import dev.decomcam.processor.track.TrackEvent;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the three pipelines on every frame of a {@link FrameSequence}, interleaved on the same
 * decoded and preprocessed frame so machine noise (other processes, turbo, GC) hits all three
 * alike, in an order that rotates per frame so none always runs first or last:
 *
 * <ol type="a">
 *   <li>forward only: {@code model.forward(input, -1)} (forward + gradient of the top-1 logit);
 *   <li>full: the same forward, then {@link DecomCam} (one masked forward per component);
 *   <li>streaming: the same forward, then {@link StreamingDecomCam} with the state carried from the
 *       previous frame;
 *   <li>optionally, another per-frame method (e.g. Score-CAM): the same forward, then that method,
 *       so its cost is measured beside full Decom-CAM's on the same frames.
 * </ol>
 *
 * Each pipeline runs its own forward so each time is what that pipeline costs on its own.
 * Preprocessing (resize, normalise) is shared and not timed: it is the same for all three. The
 * explained class comes from a {@link TargetChooser} applied to (a)'s logits (the class kept from
 * frame to frame is the bench's own, as a camera's state keeps it); (b) and (c) differentiate and
 * score that class (the same on both, so their maps are comparable). A change of it resets the
 * streaming state and is counted. With the top-1 policy, (a), (b) and (c) compute exactly the same
 * forward.
 */
public final class VideoBench {
  private final ExplainableModel model;
  private final DecomCam full;
  private final StreamingDecomCam streaming;
  private final PerFrameMethod extra;
  private final TargetChooser targets;
  private final BlurFidelity blurFidelity;

  public VideoBench(
      ExplainableModel model, DecomCam full, StreamingDecomCam streaming, TargetChooser targets) {
    this(model, full, streaming, null, targets);
  }

  /**
   * @param extra a per-frame method timed as (d) beside the others, or null for none
   */
  public VideoBench(
      ExplainableModel model,
      DecomCam full,
      StreamingDecomCam streaming,
      PerFrameMethod extra,
      TargetChooser targets) {
    this.extra = extra;
    this.targets = Objects.requireNonNull(targets, "target chooser");
    this.model = Objects.requireNonNull(model, "model");
    this.full = Objects.requireNonNull(full, "full decomcam");
    this.streaming = Objects.requireNonNull(streaming, "streaming decomcam");
    this.blurFidelity = BlurFidelity.downsampled(full);
  }

  /**
   * Runs each pipeline {@code times} times on {@code image}, untimed, so JIT and engine warm-up
   * stay out of the figures.
   */
  public void warmUp(BufferedImage image, int times) {
    ModelInput x = model.prepare(image).input();
    StreamingState s = streaming.coldState();
    for (int i = 0; i < times; i++) {
      model.forward(x, -1);
      ForwardResult f = model.forward(x, -1);
      full.explain(x, f.features(), model.scorer(f.target()));
      s =
          streaming
              .explain(
                  x, f.features(), model.scorer(f.target()), new FrameContext(f.target(), i), s)
              .next();
    }
    if (extra != null) {
      // once is enough: a slow method (Score-CAM) runs its code thousands of times per frame
      ForwardResult f = model.forward(x, -1);
      extra.explain(x, f.features(), model.scorer(f.target()));
    }
  }

  /** Runs the sequence to its end; {@code progress} gets one line every 25 frames. */
  public VideoResult run(FrameSequence seq, Consumer<String> progress) {
    int current = -1;
    Series fwd = new Series();
    Series fullMs = new Series();
    Series strMs = new Series();
    Series extraMs = new Series();
    Series extraR = new Series();
    Series fidelity = new Series();
    Series blurR = new Series();
    Series stabFull = new Series();
    Series stabStr = new Series();
    IdSwitchCheck ids = IdSwitchCheck.defaults();
    StreamingState state = streaming.coldState();
    float[] prevFull = null;
    float[] prevStr = null;
    long masked = 0;
    int resets = 0;
    int targetChanges = 0;
    int lastTarget = -1;
    int lastPart = 0;
    int cutFrame = -1;
    Set<Integer> idsBeforeCut = new HashSet<>();
    Set<Integer> liveIds = new HashSet<>();
    List<TrackEvent> cutEvents = null;
    boolean cutReset = false;
    CutCheck cut = null;
    java.util.Map<String, Double> stages = new java.util.LinkedHashMap<>();
    java.util.Map<String, Long> scoredBy = new java.util.LinkedHashMap<>();
    int t = 0;
    for (BufferedImage img = seq.next(); img != null; img = seq.next(), t++) {
      boolean atCut = seq.currentPart() != lastPart;
      lastPart = seq.currentPart();
      ModelInput x = model.prepare(img).input();
      // the class is chosen from an untimed forward so each pipeline's own forward stays in its
      // time
      int target = targets.choose(model.forward(x, -1).logits(), current);
      current = target;
      SaliencyResult ref = null;
      Explained<StreamingState> fr = null;
      SaliencyResult other = null;
      int pipelines = extra == null ? 3 : 4;
      for (int k = 0; k < pipelines; k++) {
        switch ((t + k) % pipelines) {
          case 0 -> {
            long t0 = System.nanoTime();
            model.forward(x, -1);
            fwd.add((System.nanoTime() - t0) / 1e6);
          }
          case 1 -> {
            long t0 = System.nanoTime();
            ForwardResult f = model.forward(x, target);
            ref = full.explain(x, f.features(), model.scorer(f.target()));
            fullMs.add((System.nanoTime() - t0) / 1e6);
            blurR.add(blurFidelity.pearson(x, f.features(), model.scorer(f.target()), ref));
          }
          case 3 -> {
            long t0 = System.nanoTime();
            ForwardResult f = model.forward(x, target);
            other = extra.explain(x, f.features(), model.scorer(f.target()));
            extraMs.add((System.nanoTime() - t0) / 1e6);
          }
          default -> {
            long t0 = System.nanoTime();
            ForwardResult f = model.forward(x, target);
            fr =
                streaming.explain(
                    x,
                    f.features(),
                    model.scorer(f.target()),
                    new FrameContext(f.target(), t),
                    state);
            strMs.add((System.nanoTime() - t0) / 1e6);
            targetChanges += t > 0 && f.target() != lastTarget ? 1 : 0;
            lastTarget = f.target();
          }
        }
      }
      state = fr.next();
      Tracking tr = fr.result().tracking();
      fr.result().timingsMs().forEach((k, v) -> stages.merge(k, v, Double::sum));
      masked += tr.maskedForwards();
      Tracking.Scoring sc = tr.scoring();
      scoredBy.merge("reset", (long) sc.reset(), Long::sum);
      scoredBy.merge("changed", (long) sc.changed(), Long::sum);
      scoredBy.merge("refresh", (long) sc.refresh(), Long::sum);
      scoredBy.merge("estimated", (long) sc.estimated(), Long::sum);
      resets += t > 0 && tr.reset() ? 1 : 0;
      float[] s = fr.result().saliency();
      fidelity.add(Correlation.pearson(s, ref.saliency()));
      if (other != null) {
        extraR.add(Correlation.pearson(other.saliency(), ref.saliency()));
      }
      if (prevFull != null && !atCut) {
        stabFull.add(Correlation.pearson(prevFull, ref.saliency()));
        stabStr.add(Correlation.pearson(prevStr, s));
      }
      prevFull = ref.saliency();
      prevStr = s;
      ids.next(tr.components(), tr.reset());
      if (atCut) {
        cutFrame = t;
        idsBeforeCut = new HashSet<>(liveIds);
        cutEvents = tr.events();
        cutReset = tr.reset();
      } else if (cutFrame >= 0 && t == cutFrame + 1) {
        cut = CutCheck.of(cutFrame, idsBeforeCut, cutEvents, cutReset, tr.events(), tr.reset());
      }
      liveIds.clear();
      tr.components().forEach(c -> liveIds.add(c.id()));
      if ((t + 1) % 25 == 0) {
        progress.accept(
            String.format(
                java.util.Locale.ROOT,
                "  %s: %d frames, c/a so far %.2f",
                seq.name(),
                t + 1,
                strMs.mean() / fwd.mean()));
      }
    }
    if (cutFrame >= 0 && cut == null) {
      // the sequence ended on the cut frame: judge it alone
      cut = CutCheck.of(cutFrame, idsBeforeCut, cutEvents, cutReset, List.of(), false);
    }
    return new VideoResult(
        seq.name(),
        t,
        fwd.values(),
        fullMs.values(),
        strMs.values(),
        fidelity.values(),
        stabFull.values(),
        stabStr.values(),
        ids.compared(),
        ids.switched(),
        masked,
        resets,
        targetChanges,
        cut,
        perFrame(stages, t),
        scoredBy,
        blurR.values(),
        extraMs.values(),
        extraR.values());
  }

  private static java.util.Map<String, Double> perFrame(
      java.util.Map<String, Double> sums, int frames) {
    java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, v / Math.max(1, frames)));
    return out;
  }

  /** A growable list of doubles. */
  private static final class Series {
    private double[] v = new double[128];
    private int n;

    void add(double x) {
      if (n == v.length) {
        v = java.util.Arrays.copyOf(v, n * 2);
      }
      v[n++] = x;
    }

    double mean() {
      return Stats.mean(values());
    }

    double[] values() {
      return java.util.Arrays.copyOf(v, n);
    }
  }
}
