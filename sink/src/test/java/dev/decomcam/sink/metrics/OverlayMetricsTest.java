package dev.decomcam.sink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.schemas.Overlay;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-to-end latency is the clock when the committed overlay is read minus capture time. */
class OverlayMetricsTest {

  private static Overlay overlay(long captureMs, boolean skipped, long ageMs) {
    return Overlay.newBuilder()
        .setCameraId("cam-1")
        .setSequence(7)
        .setCaptureTimestampMs(captureMs)
        .setWidth(4)
        .setHeight(4)
        .setImage(ByteBuffer.wrap(new byte[] {1}))
        .setLabel("circle")
        .setScore(0.9f)
        .setLatencyMs(50) // stamped at render time: not what is measured
        .setRenderMs(3.5f)
        .setSkipped(skipped)
        .setExplanationAgeMs(ageMs)
        .build();
  }

  @Test
  void measuresLatencyWhenTheCommittedOverlayArrives() {
    List<String> seen = new ArrayList<>();
    SinkMetrics record =
        new SinkMetrics() {
          @Override
          public void overlay(
              String camera, boolean skipped, long latencyMs, long ageMs, double renderMs) {
            seen.add(camera + " " + skipped + " " + latencyMs + " " + ageMs + " " + renderMs);
          }
        };
    OverlayMetrics listener = new OverlayMetrics(record, () -> 10_700);
    listener.onOverlay(overlay(10_000, false, 0));
    listener.onOverlay(overlay(10_000, true, 400));
    listener.onOverlay(overlay(11_000, false, 0)); // a producer clock ahead of ours: 0, not < 0
    assertEquals(
        List.of("cam-1 false 700 0 3.5", "cam-1 true 700 400 3.5", "cam-1 false 0 0 3.5"), seen);
  }
}
