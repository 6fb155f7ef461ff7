package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.PreparedImage;
import java.util.Map;

/**
 * Everything computed for one image: what the model saw, what it said, and why. {@code streaming}
 * holds the streaming step (tracked ids, events, the camera's next state) and is null for
 * per-frame methods.
 */
public record ExplainedFrame(PreparedImage prepared, ForwardResult forward, SaliencyResult saliency,
    Map<String, Double> timingsMs, StreamingDecomCam.Frame streaming) {

  public ExplainedFrame(PreparedImage prepared, ForwardResult forward, SaliencyResult saliency,
      Map<String, Double> timingsMs) {
    this(prepared, forward, saliency, timingsMs, null);
  }
}
