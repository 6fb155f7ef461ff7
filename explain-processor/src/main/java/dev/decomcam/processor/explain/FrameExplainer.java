package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.PreparedImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Explains one image: preprocess, forward + gradient of the target logit, then the saliency
 * method. Knows nothing of Kafka or files, so the stream processor, {@code explain} and
 * {@code bench} share it. Not thread-safe (the model is not).
 *
 * <p>With {@link StreamingDecomCam} the caller owns each camera's state: pass the previous
 * {@link StreamingState} in and keep {@code result.streaming().state()} for the next frame.
 */
public final class FrameExplainer {
  private final ExplainableModel model;
  private final SaliencyMethod method;
  private final int target;
  private final int sticky;

  /** @param target class to explain, or -1 for the top-1 class of each frame */
  public FrameExplainer(ExplainableModel model, SaliencyMethod method, int target) {
    this(model, method, target, 1);
  }

  /**
   * @param target class to explain, or -1 to choose per frame
   * @param sticky with target -1 and streaming state: keep explaining the camera's previous class
   *     while it stays among this frame's top {@code sticky} classes (1 = always the top-1 class).
   *     Near-equal classes swap ranks from frame to frame; following every swap would reset the
   *     camera's components each time
   */
  public FrameExplainer(ExplainableModel model, SaliencyMethod method, int target, int sticky) {
    if (sticky < 1) {
      throw new IllegalArgumentException("sticky target must be >= 1 (1 = top-1 class), got " + sticky);
    }
    int classes = model.spec().labels().size();
    if (target >= classes) {
      throw new IllegalArgumentException("target class " + target + " is out of range: the model has "
          + classes + " classes (0.." + (classes - 1) + "); set target=-1 for the top-1 class");
    }
    this.model = model;
    this.method = method;
    this.target = target;
    this.sticky = sticky;
  }

  public ExplainableModel model() {
    return model;
  }

  public SaliencyMethod method() {
    return method;
  }

  /** True when {@link #explain(BufferedImage, long, StreamingState)} carries state between frames. */
  public boolean streaming() {
    return method instanceof StreamingDecomCam;
  }

  /** Explains one image on its own (streaming methods keep a single stream's state inside). */
  public ExplainedFrame explain(BufferedImage image) {
    return explain(image, System.currentTimeMillis(), null, false);
  }

  /**
   * Explains one frame of a camera whose streaming state was {@code previous} (null: cold);
   * per-frame methods ignore the state.
   */
  public ExplainedFrame explain(BufferedImage image, long timestampMs, StreamingState previous) {
    return explain(image, timestampMs, previous, true);
  }

  private ExplainedFrame explain(BufferedImage image, long timestampMs, StreamingState previous, boolean external) {
    long t0 = System.nanoTime();
    PreparedImage prepared = model.prepare(image);
    long t1 = System.nanoTime();
    ForwardResult forward = model.forward(prepared.input(), chooser(previous == null ? -1 : previous.targetClass()));
    return saliency(prepared, forward, timestampMs, previous, external, (t1 - t0) / 1e6, t1);
  }

  /** One frame of a batch: the image, its camera and its timestamp. */
  public record BatchFrame(BufferedImage image, String camera, long timestampMs) {}

  /** A batch frame's explanation, or why it failed (exactly one is non-null). */
  public record Outcome(ExplainedFrame frame, RuntimeException error) {}

  /**
   * Explains frames of several cameras with one batched forward ({@link ExplainableModel#forward(List, List)}),
   * then each frame's saliency in order: a camera's frame starts from the state its previous
   * frame left, in {@code states} (camera → streaming state, read and updated in place; per-frame
   * methods ignore it). The result is what {@link #explain(BufferedImage, long, StreamingState)}
   * gives frame by frame. A frame that cannot be prepared, or whose saliency fails, gets its
   * error and leaves its camera's state as it was; if the batched forward fails, each frame is
   * explained on its own so one bad frame cannot fail the others.
   */
  public List<Outcome> explainBatch(List<BatchFrame> frames, Map<String, StreamingState> states) {
    long t0 = System.nanoTime();
    Outcome[] out = new Outcome[frames.size()];
    List<Integer> ok = new ArrayList<>(frames.size());
    List<ModelInput> inputs = new ArrayList<>(frames.size());
    PreparedImage[] prepared = new PreparedImage[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      try {
        prepared[i] = model.prepare(frames.get(i).image());
        inputs.add(prepared[i].input());
        ok.add(i);
      } catch (RuntimeException e) {
        out[i] = new Outcome(null, e); // e.g. a camera sending the wrong size: that frame only
      }
    }
    double preprocessMs = (System.nanoTime() - t0) / 1e6 / Math.max(1, frames.size());
    // a camera's later frame keeps the class chosen for its earlier one, as it would frame by frame
    Map<String, Integer> last = new HashMap<>();
    List<ToIntFunction<float[]>> choosers = new ArrayList<>(ok.size());
    for (int i : ok) {
      BatchFrame f = frames.get(i);
      choosers.add(logits -> {
        StreamingState s = streaming() ? states.get(f.camera()) : null;
        int chosen = chooser(last.getOrDefault(f.camera(), s == null ? -1 : s.targetClass())).applyAsInt(logits);
        if (streaming()) {
          last.put(f.camera(), chosen);
        }
        return chosen;
      });
    }
    List<ForwardResult> forwards;
    try {
      forwards = model.forward(inputs, choosers);
    } catch (RuntimeException e) {
      return oneByOne(frames, states);
    }
    for (int k = 0; k < ok.size(); k++) {
      int i = ok.get(k);
      BatchFrame f = frames.get(i);
      try {
        StreamingState previous = streaming() ? states.get(f.camera()) : null;
        ForwardResult fr = forwards.get(k);
        // the frame's share of the batched forward counts as if it ran just before its saliency
        long shareNs = (long) (1e6 * (fr.timingsMs().getOrDefault("forward", 0.0)
            + fr.timingsMs().getOrDefault("gradient", 0.0)));
        ExplainedFrame e = saliency(prepared[i], fr, f.timestampMs(), previous, true, preprocessMs,
            System.nanoTime() - shareNs);
        if (e.streaming() != null) {
          states.put(f.camera(), e.streaming().state());
        }
        out[i] = new Outcome(e, null);
      } catch (RuntimeException e) {
        out[i] = new Outcome(null, e);
      }
    }
    return List.of(out);
  }

  private List<Outcome> oneByOne(List<BatchFrame> frames, Map<String, StreamingState> states) {
    List<Outcome> out = new ArrayList<>(frames.size());
    for (BatchFrame f : frames) {
      try {
        ExplainedFrame e = explain(f.image(), f.timestampMs(), streaming() ? states.get(f.camera()) : null);
        if (e.streaming() != null) {
          states.put(f.camera(), e.streaming().state());
        }
        out.add(new Outcome(e, null));
      } catch (RuntimeException e) {
        out.add(new Outcome(null, e));
      }
    }
    return out;
  }

  /**
   * The target rule: the configured class; else, with a sticky target, the camera's previous
   * class ({@code previousTarget}, -1 for none) while it stays in this frame's top {@code sticky};
   * else the top-1 class.
   */
  private ToIntFunction<float[]> chooser(int previousTarget) {
    int keep = target >= 0 || sticky == 1 ? -1 : previousTarget;
    return logits -> target >= 0 ? target
        : keep >= 0 && keep < logits.length && ForwardResult.rank(logits, keep) < sticky ? keep
        : ForwardResult.argmax(logits);
  }

  /** The saliency method on a forward pass, and the frame's timings ({@code t0}: when its forward began). */
  private ExplainedFrame saliency(PreparedImage prepared, ForwardResult forward, long timestampMs,
      StreamingState previous, boolean external, double preprocessMs, long t0) {
    StreamingDecomCam.Frame step = null;
    SaliencyResult saliency;
    if (external && method instanceof StreamingDecomCam s) {
      step = s.step(prepared.input(), forward.features(), model.scorer(forward.target()), forward.target(), timestampMs,
          previous);
      saliency = step.result();
    } else {
      saliency = method.explain(prepared.input(), forward.features(), model.scorer(forward.target()));
    }
    long t2 = System.nanoTime();
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("preprocess", preprocessMs);
    timings.putAll(forward.timingsMs());
    timings.putAll(saliency.timingsMs());
    timings.put("explain", (t2 - t0) / 1e6 + preprocessMs);
    return new ExplainedFrame(prepared, forward, saliency, timings, step);
  }
}
