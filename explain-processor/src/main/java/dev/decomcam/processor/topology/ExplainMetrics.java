package dev.decomcam.processor.topology;

/** What the processor reports; ops binds it to Prometheus, tests use {@link #NONE}. */
public interface ExplainMetrics {
  ExplainMetrics NONE =
      new ExplainMetrics() {
        @Override
        public void explained(String camera, double seconds, long latencyMs) {}

        @Override
        public void deadLettered(String reason) {}
      };

  /** One frame explained in {@code seconds}, {@code latencyMs} after its capture. */
  void explained(String camera, double seconds, long latencyMs);

  void deadLettered(String reason);

  /**
   * A live frame skipped because it was {@code ageMs} old when it would have been explained (its
   * skip record was forwarded instead of an explanation).
   */
  default void skipped(String camera, long ageMs) {}

  /**
   * A frame explained by streaming Decom-CAM: its masked forwards by cause (a reset, a changed
   * decomposition, the refresh budget) and whether it reset the camera's components.
   */
  default void streamed(
      String camera, int resetForwards, int changedForwards, int refreshForwards, boolean reset) {}
}
