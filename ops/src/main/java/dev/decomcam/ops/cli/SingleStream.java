package dev.decomcam.ops.cli;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import java.awt.image.BufferedImage;

/**
 * Images explained as one stream: each frame starts from the state the previous one left (a method
 * without state explains each on its own).
 */
final class SingleStream<S extends CameraState> {
  private final FrameExplainer<S> explainer;
  private S state;

  private SingleStream(FrameExplainer<S> explainer) {
    this.explainer = explainer;
    this.state = explainer.method().coldState();
  }

  static <S extends CameraState> SingleStream<S> of(FrameExplainer<S> explainer) {
    return new SingleStream<>(explainer);
  }

  ExplainedFrame<S> next(BufferedImage image) {
    return next(image, System.currentTimeMillis());
  }

  /** Explains the next image, captured at {@code timestampMs}. */
  ExplainedFrame<S> next(BufferedImage image, long timestampMs) {
    ExplainedFrame<S> e = explainer.explain(image, timestampMs, state);
    state = e.next();
    return e;
  }

  ExplainableModel model() {
    return explainer.model();
  }
}
