package dev.decomcam.processor.explain;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.PreparedImage;
import java.util.Map;

/**
 * Everything computed for one image: what the model saw, what it said, and why ({@code saliency},
 * with its components' tracking), and the camera's state after it ({@code next}, to pass in with
 * the camera's next frame).
 */
public record ExplainedFrame<S extends CameraState>(
    PreparedImage prepared,
    ForwardResult forward,
    SaliencyResult saliency,
    Map<String, Double> timingsMs,
    S next) {}
