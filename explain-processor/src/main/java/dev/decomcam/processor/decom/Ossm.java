package dev.decomcam.processor.decom;

/**
 * One orthogonal sub-saliency map (OSSM) of Decom-CAM: component {@code rank} (0 = largest singular
 * value) as an h×w map at feature resolution, {@code map = X_centred·v_i = u_i·s_i}, before
 * clamping and with its sign fixed so its entry of largest magnitude is positive. Carries its
 * singular value, explained-variance ratio ({@code energy} = s_i²/‖X‖²_F), the score of the input
 * masked by it and its weight in the final map.
 *
 * <p>The array is not copied; treat it as read-only.
 */
public record Ossm(
    int rank,
    int height,
    int width,
    float[] map,
    double singularValue,
    double energy,
    double score,
    double weight) {

  public Ossm {
    if (map.length != height * width) {
      throw new IllegalArgumentException(
          "ossm " + rank + ": map has " + map.length + " values, expected " + height + "x" + width);
    }
  }

  /**
   * U_i: this map clamped at 0 and bicubic-resized to outH×outW, before normalisation; the final
   * saliency is min-max(max(0, Σ weight_i·U_i)).
   */
  public float[] upsampled(int outH, int outW) {
    float[] clamped = MinMax.reluInPlace(map.clone());
    return Bicubic.resize(clamped, height, width, outH, outW);
  }
}
