package dev.decomcam.processor.decom;

/**
 * The model's input tensor for one image, already normalised (mean/std applied), in CHW order:
 * {@code data[c*height*width + y*width + x]}.
 */
public record ModelInput(int channels, int height, int width, float[] data) {
  public ModelInput {
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException(
          "input has "
              + data.length
              + " values, expected "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
  }
}
