package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.ModelInput;

/**
 * A frame made ready for the model: the normalised input tensor and the region of the original
 * frame it covers ({@code cropX, cropY, cropWidth, cropHeight} in frame pixels), so a saliency map
 * at input resolution can be drawn back onto the frame.
 */
public record PreparedImage(ModelInput input, int cropX, int cropY, int cropWidth, int cropHeight) {

  /**
   * This image's rectangle in a {@code frameWidth x frameHeight} frame that was decoded at 1/{@code
   * reduction} of its size (the rectangle above is in the decoded image's pixels), kept inside the
   * frame.
   */
  public PreparedImage inFrame(int reduction, int frameWidth, int frameHeight) {
    if (reduction == 1) {
      return this;
    }
    int x = Math.min(cropX * reduction, frameWidth);
    int y = Math.min(cropY * reduction, frameHeight);
    return new PreparedImage(
        input,
        x,
        y,
        Math.min(cropWidth * reduction, frameWidth - x),
        Math.min(cropHeight * reduction, frameHeight - y));
  }
}
