package dev.decomcam.sink.live;

/**
 * How the sink draws a live camera's frame that reaches it late, so that an overloaded sink catches
 * up instead of queueing.
 *
 * <p>Every frame gets exactly one overlay, so the sink cannot skip work the way the processor does;
 * what it can give up is resolution, and in the end the drawing itself. A live frame whose latency
 * (now minus its capture time) is over {@code maxLagMs} when it is drawn is decoded and drawn at
 * half its size in each direction, one over twice that at a quarter (the JPEG decoder reduces
 * straight from the DCT coefficients, so decode, draw and encode cost a fraction of a full-size
 * overlay), and one over four times that is not drawn at all: its overlay is the frame's own JPEG,
 * passed through with the explanation's fields ({@link #PASS_THROUGH}), which costs next to
 * nothing, so the backlog drains however overloaded the machine is. Frames back within the bound
 * are drawn whole again. A reduced overlay keeps at least {@link #MIN_WIDTH} x {@link #MIN_HEIGHT}
 * pixels. Recordings (frames that are not live) are always drawn whole: they are owed every frame
 * at full quality, however late.
 *
 * <p>Part of a frame's latency is not the sink falling behind: an explanation that comes after its
 * frame waits for the camera's next frame or {@code joinWaitMs}, whichever comes first (Kafka
 * Streams' task idling, see {@code join.wait.ms}). That wait, up to one frame interval, is taken
 * off the latency before it is compared with the bound, so that a camera of 2 frames a second,
 * whose overlays come half a second after capture, is drawn whole when the sink keeps up.
 *
 * <p>A live frame can also wait for its explanation that does not come: the explain-processor is
 * down, or its camera's partition is moving to another instance. Once {@code explanationWaitMs} has
 * passed since its capture the sink draws it with its camera's latest explanation, as a frame the
 * processor skipped ({@link #overdue}), so that the camera's overlays keep coming and their
 * explanation age says how stale the explanation is; that wait is taken off its latency too.
 *
 * @param maxLagMs latency above which a live frame is drawn reduced; 0 = never reduce
 * @param joinWaitMs the most the join waits for a camera's next frame (join.wait.ms)
 * @param explanationWaitMs how long after its capture a live frame waits for its explanation or
 *     skip record before it is drawn without; 0 = without limit
 */
public record CatchUp(long maxLagMs, long joinWaitMs, long explanationWaitMs) {
  /**
   * The default of {@code explanationWaitMs}: well above a healthy pipeline's latency, well below a
   * crashed instance's session.
   */
  public static final long DEFAULT_EXPLANATION_WAIT_MS = 2_000;

  /** The smallest reduced overlay, so that its header and outlines stay legible. */
  public static final int MIN_WIDTH = 160;

  public static final int MIN_HEIGHT = 120;

  /** The largest reduction: a quarter of each side. */
  public static final int MAX_REDUCTION = 4;

  /** The "reduction" of a frame that is not drawn: its overlay is the frame as captured. */
  public static final int PASS_THROUGH = 0;

  public static final CatchUp OFF = new CatchUp(0, 0, 0);

  /** Live frames drawn reduced and waited for as given, never drawn without their explanation. */
  public CatchUp(long maxLagMs, long joinWaitMs) {
    this(maxLagMs, joinWaitMs, 0);
  }

  public CatchUp {
    if (maxLagMs < 0) {
      throw new IllegalArgumentException(
          "overlay live lag bound " + maxLagMs + " ms: use 0 (never reduce) or more");
    }
    if (joinWaitMs < 0) {
      throw new IllegalArgumentException(
          "join wait " + joinWaitMs + " ms: use 0 (never wait) or more");
    }
    if (explanationWaitMs < 0) {
      throw new IllegalArgumentException(
          "explanation wait "
              + explanationWaitMs
              + " ms: use 0 (live frames wait without limit) or more");
    }
  }

  /**
   * Whether a frame captured at {@code captureMs} has waited for its explanation too long at {@code
   * nowMs} to wait longer: only a live one, and only with a limit.
   */
  public boolean overdue(boolean live, long captureMs, long nowMs) {
    return live && explanationWaitMs > 0 && nowMs - captureMs > explanationWaitMs;
  }

  /**
   * The skip reason of an overlay drawn {@link #overdue}, one line naming the setting and what to
   * look at, e.g. {@code no explanation within 2000 ms (overlay.explanation.wait.ms): is the
   * explain-processor running and keeping up?}.
   */
  public String overdueReason() {
    return "no explanation within "
        + explanationWaitMs
        + " ms (overlay.explanation.wait.ms): is the explain-processor running and keeping up?";
  }

  /**
   * The reduction (1, 2 or 4) to draw a {@code width x height} frame with, or {@link #PASS_THROUGH}
   * not to draw it, given whether its camera is live, its latency now and the camera's frame
   * interval ({@code frameIntervalMs}; negative = not known yet).
   */
  public int reduction(boolean live, long latencyMs, long frameIntervalMs, int width, int height) {
    return reductionWhenLate(
        live, latencyMs - Math.min(Math.max(0, frameIntervalMs), joinWaitMs), width, height);
  }

  /**
   * The reduction of a frame drawn without its explanation once it was {@link #overdue}: its wait
   * for the explanation, {@code explanationWaitMs}, is not the sink being late.
   */
  public int reductionOverdue(long latencyMs, int width, int height) {
    return reductionWhenLate(true, latencyMs - explanationWaitMs, width, height);
  }

  private int reductionWhenLate(boolean live, long lateMs, int width, int height) {
    if (!live || maxLagMs == 0 || lateMs <= maxLagMs) {
      return 1;
    }
    if (lateMs > 4 * maxLagMs) {
      return PASS_THROUGH;
    }
    int r = lateMs <= 2 * maxLagMs ? 2 : MAX_REDUCTION;
    while (r > 1 && (width / r < MIN_WIDTH || height / r < MIN_HEIGHT)) {
      r /= 2;
    }
    return r;
  }
}
