package dev.decomcam.processor.decom;

/**
 * Grad-CAM: channel weights are the spatially averaged gradients of the target logit, the map is
 * ReLU(Σ_k alpha_k·A_k) at feature resolution, bicubic-upsampled, rectified and min-max normalised.
 * The baseline Decom-CAM is compared against, and its first step.
 *
 * <p>Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017, <a href="https://arxiv.org/abs/1610.02391">arXiv:1610.02391</a>.
 */
public final class GradCam extends PerFrameMethod {

  @Override
  public String name() {
    return "gradcam";
  }
  // channel weights (mean gradients) and the map (ReLU of their weighted sum) are the base's
  // defaults
}
