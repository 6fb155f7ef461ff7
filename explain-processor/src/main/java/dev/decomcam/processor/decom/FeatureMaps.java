package dev.decomcam.processor.decom;

/**
 * Activations A of the explained conv layer for one image (C×h×w, row-major: {@code a[k*h*w + y*w +
 * x]}) and the gradient G = ∂logit_target/∂A in the same layout.
 */
public record FeatureMaps(
    int channels, int height, int width, float[] activations, float[] gradients) {
  public FeatureMaps {
    int n = channels * height * width;
    if (activations.length != n || gradients.length != n) {
      throw new IllegalArgumentException(
          "feature maps must hold "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " values, got activations="
              + activations.length
              + " gradients="
              + gradients.length);
    }
  }

  public int positions() {
    return height * width;
  }
}
