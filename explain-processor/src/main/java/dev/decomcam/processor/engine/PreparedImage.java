package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.ModelInput;

/**
 * A frame made ready for the model: the normalised input tensor and the region of the original
 * frame it covers ({@code cropX, cropY, cropWidth, cropHeight} in frame pixels), so a saliency map
 * at input resolution can be drawn back onto the frame.
 */
public record PreparedImage(
    ModelInput input, int cropX, int cropY, int cropWidth, int cropHeight) {}
