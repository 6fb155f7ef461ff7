package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.PreparedImage;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

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
    int keep = previous == null || target >= 0 || sticky == 1 ? -1 : previous.targetClass();
    ForwardResult forward = model.forward(prepared.input(), logits -> target >= 0 ? target
        : keep >= 0 && keep < logits.length && ForwardResult.rank(logits, keep) < sticky ? keep
        : ForwardResult.argmax(logits));
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
    timings.put("preprocess", (t1 - t0) / 1e6);
    timings.putAll(forward.timingsMs());
    timings.putAll(saliency.timingsMs());
    timings.put("explain", (t2 - t0) / 1e6);
    return new ExplainedFrame(prepared, forward, saliency, timings, step);
  }
}
