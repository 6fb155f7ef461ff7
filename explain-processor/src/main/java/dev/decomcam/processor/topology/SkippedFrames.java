package dev.decomcam.processor.topology;

import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.live.LivePolicy;
import dev.decomcam.processor.record.SkipRecord;
import dev.decomcam.schemas.Frame;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a frame the {@link LivePolicy} skipped: its skip record goes to the explanations topic
 * in the frame's place (so the sink joins one explanation to every frame, and draws the camera's
 * latest one), and the skip is counted. The camera's stored state is not touched: the next
 * explained frame continues from it, and its reset detector decides by content whether the gap was
 * a scene cut.
 */
final class SkippedFrames {
  private static final Logger LOG = LoggerFactory.getLogger(SkippedFrames.class);

  private final Outputs outputs;
  private final ExplainMetrics metrics;
  private long skipped;

  SkippedFrames(Outputs outputs, ExplainMetrics metrics) {
    this.outputs = outputs;
    this.metrics = metrics;
  }

  /**
   * Forwards the skip record of {@code frame}, received as {@code source}, after {@code decodeMs}
   * spent decoding its record; {@code explainer} names the model, method and mode.
   */
  void publish(
      FrameExplainer<?> explainer,
      PendingFrame source,
      Frame frame,
      LivePolicy.Decision decision,
      double decodeMs) {
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("decode", decodeMs);
    timings.put("total", decodeMs);
    String camera = frame.getCameraId();
    outputs.explanation(
        camera,
        SkipRecord.toRecord(
            camera,
            frame.getSequence(),
            frame.getCaptureTimestampMs(),
            explainer.model().spec().id(),
            explainer.method().name(),
            explainer.method().mode(),
            decision.reason(),
            timings),
        source.timestamp());
    metrics.skipped(camera, decision.ageMs());
    // one line per skip would flood the log of an overloaded camera; the counter has them all
    if (skipped++ % 100 == 0) {
      LOG.info("frame {}#{}: {}", camera, frame.getSequence(), decision.reason());
    }
  }
}
