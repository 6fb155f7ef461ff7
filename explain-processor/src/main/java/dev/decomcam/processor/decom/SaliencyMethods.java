package dev.decomcam.processor.decom;

import java.util.List;
import java.util.Objects;

/**
 * The one place a method name becomes a {@link SaliencyMethod}: every {@code --method} / {@code
 * method} setting takes its choices from {@link #NAMES} and builds through {@link #create}.
 * Decom-CAM has a full and a streaming form; the other methods explain each frame on its own, so
 * they run per frame in either mode (as Grad-CAM always has).
 *
 * <pre>{@code
 * SaliencyMethod<?> m = SaliencyMethods.create("scorecam", "streaming", StreamingConfig.defaults());
 * }</pre>
 */
public final class SaliencyMethods {

  public static final String DECOMCAM = "decomcam";
  public static final String GRADCAM = "gradcam";
  public static final String GRADCAMPP = "gradcampp";
  public static final String SCORECAM = "scorecam";

  /** Every selectable method, the default first. */
  public static final List<String> NAMES = List.of(DECOMCAM, GRADCAM, GRADCAMPP, SCORECAM);

  /** What the names mean, for help texts. */
  public static final String HELP =
      "saliency method: decomcam (Decom-CAM, full or streaming), gradcam (Grad-CAM), gradcampp"
          + " (Grad-CAM++), scorecam (Score-CAM, one masked forward per channel: slow); all but"
          + " decomcam explain each frame on its own in either mode";

  private SaliencyMethods() {}

  /** {@link #NAMES} as an array, for choice settings. */
  public static String[] choices() {
    return NAMES.toArray(String[]::new);
  }

  /**
   * A new instance of method {@code name} in {@code mode} ({@code full} or {@code streaming}):
   * Decom-CAM streams in streaming mode (with {@code streaming}'s parameters) and runs per frame in
   * full mode (with {@code streaming.decom()}); the per-frame methods ignore the mode.
   */
  public static SaliencyMethod<?> create(String name, String mode, StreamingConfig streaming) {
    Objects.requireNonNull(streaming, "streaming config must not be null");
    if (!"full".equals(mode) && !"streaming".equals(mode)) {
      throw new IllegalArgumentException(
          "saliency mode '" + mode + "' is not known: use full or streaming");
    }
    if (name.equals(DECOMCAM) && mode.equals("streaming")) {
      return new StreamingDecomCam(streaming);
    }
    return perFrame(name, streaming.decom());
  }

  /** A new instance of the per-frame form of method {@code name} (Decom-CAM with {@code decom}). */
  public static PerFrameMethod perFrame(String name, DecomCamConfig decom) {
    Objects.requireNonNull(decom, "decomcam config must not be null");
    return switch (Objects.requireNonNull(name, "method name must not be null")) {
      case DECOMCAM -> new DecomCam(decom);
      case GRADCAM -> new GradCam();
      case GRADCAMPP -> new GradCamPlusPlus();
      case SCORECAM -> new ScoreCam();
      default ->
          throw new IllegalArgumentException(
              "saliency method '"
                  + name
                  + "' is not known: use one of "
                  + String.join(", ", NAMES));
    };
  }
}
