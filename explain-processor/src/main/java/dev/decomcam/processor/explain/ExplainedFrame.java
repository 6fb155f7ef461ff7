package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.PreparedImage;
import java.util.Map;

/** Everything computed for one image: what the model saw, what it said, and why. */
public record ExplainedFrame(PreparedImage prepared, ForwardResult forward, SaliencyResult saliency,
    Map<String, Double> timingsMs) {}
