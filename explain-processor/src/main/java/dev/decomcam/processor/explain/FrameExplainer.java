package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.Explained;
import dev.decomcam.processor.decom.FrameContext;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.SaliencyMethod;
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
 * Explains one image: preprocess, forward + gradient of the target logit, then the saliency method.
 * Knows nothing of Kafka or files, so the stream processor, {@code explain} and {@code bench} share
 * it. Not thread-safe (the model is not).
 *
 * <p>The caller owns each camera's state {@code S} (see {@link SaliencyMethod}): pass the previous
 * one in ({@code method().coldState()} for a camera's first frame) and keep {@link
 * ExplainedFrame#next()} for its next frame.
 */
public final class FrameExplainer<S extends CameraState> {
  private final ExplainableModel model;
  private final SaliencyMethod<S> method;
  private final TargetChooser targets;

  /**
   * @param target class to explain, or -1 for the top-1 class of each frame
   */
  public FrameExplainer(ExplainableModel model, SaliencyMethod<S> method, int target) {
    this(model, method, target, 1);
  }

  /**
   * @param target class to explain, or -1 to choose per frame
   * @param sticky with target -1: keep explaining the camera's previous class (as its state
   *     remembers it) while it stays among this frame's top {@code sticky} classes (1 = always the
   *     top-1 class); see {@link TargetChooser}
   */
  public FrameExplainer(ExplainableModel model, SaliencyMethod<S> method, int target, int sticky) {
    this.targets = new TargetChooser(target, sticky);
    int classes = model.spec().labels().size();
    if (target >= classes) {
      throw new IllegalArgumentException(
          "target class "
              + target
              + " is out of range: the model has "
              + classes
              + " classes (0.."
              + (classes - 1)
              + "); set target=-1 for the top-1 class");
    }
    this.model = model;
    this.method = method;
  }

  public ExplainableModel model() {
    return model;
  }

  public SaliencyMethod<S> method() {
    return method;
  }

  /** Explains one image of a camera seen for the first time (cold state). */
  public ExplainedFrame<S> explain(BufferedImage image) {
    return explain(image, System.currentTimeMillis(), method.coldState());
  }

  /** Explains one frame of a camera whose state was {@code previous}. */
  public ExplainedFrame<S> explain(BufferedImage image, long timestampMs, S previous) {
    return explain(new BatchFrame(image, "", timestampMs), previous);
  }

  private ExplainedFrame<S> explain(BatchFrame frame, S previous) {
    long t0 = System.nanoTime();
    PreparedImage prepared = frame.inFrame(model.prepare(frame.image()));
    long t1 = System.nanoTime();
    int last = previous.targetClass();
    ForwardResult forward = model.forward(prepared.input(), logits -> targets.choose(logits, last));
    return saliency(prepared, forward, frame.timestampMs(), previous, (t1 - t0) / 1e6, t1);
  }

  /**
   * One frame of a batch: the image, its camera and its timestamp, and, when the image was decoded
   * smaller than the frame ({@link ExplainableModel#sourceReduction}), by how much and the frame's
   * size, so the explanation's crop rectangle is given in the frame's pixels.
   */
  public record BatchFrame(
      BufferedImage image,
      String camera,
      long timestampMs,
      int reduction,
      int frameWidth,
      int frameHeight) {

    public BatchFrame {
      if (reduction < 1) {
        throw new IllegalArgumentException(
            "frame reduction " + reduction + ": use 1 (the image is the whole frame) or more");
      }
    }

    /** A frame decoded whole. */
    public BatchFrame(BufferedImage image, String camera, long timestampMs) {
      this(image, camera, timestampMs, 1, image.getWidth(), image.getHeight());
    }

    PreparedImage inFrame(PreparedImage prepared) {
      return prepared.inFrame(reduction, frameWidth, frameHeight);
    }
  }

  /** A batch frame's explanation, or why it failed (exactly one is non-null). */
  public record Outcome<S extends CameraState>(ExplainedFrame<S> frame, RuntimeException error) {}

  /**
   * Explains frames of several cameras with one batched forward ({@link
   * ExplainableModel#forward(List, List)}), then each frame's saliency in order: a camera's frame
   * starts from the state its previous frame left, in {@code states} (camera → state, cold when
   * absent; read and updated in place). The result is what {@link #explain(BufferedImage, long,
   * CameraState)} gives frame by frame. A frame that cannot be prepared, or whose saliency fails,
   * gets its error and leaves its camera's state as it was; if the batched forward fails, each
   * frame is explained on its own so one bad frame cannot fail the others.
   */
  public List<Outcome<S>> explainBatch(List<BatchFrame> frames, Map<String, S> states) {
    long t0 = System.nanoTime();
    List<Outcome<S>> out = new ArrayList<>(frames.size());
    List<Integer> ok = new ArrayList<>(frames.size());
    List<ModelInput> inputs = new ArrayList<>(frames.size());
    PreparedImage[] prepared = new PreparedImage[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      out.add(null);
      try {
        prepared[i] = frames.get(i).inFrame(model.prepare(frames.get(i).image()));
        inputs.add(prepared[i].input());
        ok.add(i);
      } catch (RuntimeException e) {
        out.set(i, new Outcome<>(null, e)); // e.g. a camera sending the wrong size: that frame only
      }
    }
    double preprocessMs = (System.nanoTime() - t0) / 1e6 / Math.max(1, frames.size());
    // a camera's later frame keeps the class its earlier one leaves in the state, as frame by frame
    Map<String, Integer> last = new HashMap<>();
    List<ToIntFunction<float[]>> choosers = new ArrayList<>(ok.size());
    for (int i : ok) {
      String camera = frames.get(i).camera();
      choosers.add(
          logits -> {
            int chosen =
                targets.choose(
                    logits, last.getOrDefault(camera, state(states, camera).targetClass()));
            if (method.carriesState()) {
              last.put(camera, chosen);
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
        ForwardResult fr = forwards.get(k);
        // the frame's share of the batched forward counts as if it ran just before its saliency
        long shareNs =
            (long)
                (1e6
                    * (fr.timingsMs().getOrDefault("forward", 0.0)
                        + fr.timingsMs().getOrDefault("gradient", 0.0)));
        ExplainedFrame<S> e =
            saliency(
                prepared[i],
                fr,
                f.timestampMs(),
                state(states, f.camera()),
                preprocessMs,
                System.nanoTime() - shareNs);
        states.put(f.camera(), e.next());
        out.set(i, new Outcome<>(e, null));
      } catch (RuntimeException e) {
        out.set(i, new Outcome<>(null, e));
      }
    }
    return out;
  }

  private List<Outcome<S>> oneByOne(List<BatchFrame> frames, Map<String, S> states) {
    List<Outcome<S>> out = new ArrayList<>(frames.size());
    for (BatchFrame f : frames) {
      try {
        ExplainedFrame<S> e = explain(f, state(states, f.camera()));
        states.put(f.camera(), e.next());
        out.add(new Outcome<>(e, null));
      } catch (RuntimeException e) {
        out.add(new Outcome<>(null, e));
      }
    }
    return out;
  }

  private S state(Map<String, S> states, String camera) {
    S s = states.get(camera);
    return s != null ? s : method.coldState();
  }

  /**
   * The saliency method on a forward pass, and the frame's timings ({@code t0}: when its forward
   * began).
   */
  private ExplainedFrame<S> saliency(
      PreparedImage prepared,
      ForwardResult forward,
      long timestampMs,
      S previous,
      double preprocessMs,
      long t0) {
    Explained<S> explained =
        method.explain(
            prepared.input(),
            forward.features(),
            model.scorer(forward.target()),
            new FrameContext(forward.target(), timestampMs),
            previous);
    long t2 = System.nanoTime();
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("preprocess", preprocessMs);
    timings.putAll(forward.timingsMs());
    timings.putAll(explained.result().timingsMs());
    timings.put("explain", (t2 - t0) / 1e6 + preprocessMs);
    return new ExplainedFrame<>(prepared, forward, explained.result(), timings, explained.next());
  }
}
