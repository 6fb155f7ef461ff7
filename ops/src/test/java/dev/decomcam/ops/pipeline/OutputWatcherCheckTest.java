package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's exactly-once check from a watcher that aggregates as it goes (no per-frame records):
 * a missing, a duplicated and a reordered overlay or explanation each fail it.
 */
class OutputWatcherCheckTest {

  private static Explanation explanation(String camera, long seq) {
    return Explanation.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(1000 + seq)
        .setModelId("test")
        .setMethod("decomcam")
        .setPredictedIndex(1)
        .setPredictedLabel("circle")
        .setPredictedScore(0.9f)
        .setTargetIndex(1)
        .setTargetLabel("circle")
        .setTargetLogit(3f)
        .setInputWidth(4)
        .setInputHeight(4)
        .setSaliency(
            SaliencyMap.newBuilder()
                .setWidth(1)
                .setHeight(1)
                .setData(ByteBuffer.allocate(1))
                .build())
        .setComponents(List.of())
        .setTimingsMs(Map.of("total", 10f + seq))
        .build();
  }

  private static Overlay overlay(String camera, long seq) {
    return Overlay.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(1000 + seq)
        .setWidth(4)
        .setHeight(4)
        .setImage(ByteBuffer.allocate(0))
        .setLabel("circle")
        .setScore(0.9f)
        .setLatencyMs(100 + seq)
        .setRenderMs(2f)
        .build();
  }

  /** A report of camera "a" with 5 frames expected, the watcher fed the given sequences. */
  private static DemoReport report(List<Long> explained, List<Long> overlaid) {
    ExplanationTally tally = new ExplanationTally(null);
    try (OutputWatcher w = new OutputWatcher("127.0.0.1:1", "e", "o", "d", false, tally::add)) {
      explained.forEach(s -> w.explanation(explanation("a", s)));
      overlaid.forEach(s -> w.overlay(overlay("a", s)));
      assertThrows(IllegalStateException.class, w::overlaid, "no per-frame records kept");
      return DemoReport.of(5, Map.of("a", 5), w, tally, 1, true, Map.of(), 0, Map.of());
    }
  }

  @Test
  void everyFrameOnceInOrderPassesAndTheFiguresAreAggregated() {
    List<Long> all = List.of(0L, 1L, 2L, 3L, 4L);
    DemoReport r = report(all, all);
    assertTrue(r.exactlyOnceInOrder());
    assertEquals(5, r.explanations());
    assertEquals(5, r.overlays());
    assertEquals(102, r.latencyP50Ms());
    assertEquals(104, r.latencyP99Ms());
    assertEquals(12.0, r.stageMeansMs().get("total"), 1e-6);
    assertEquals(2.0, r.stageMeansMs().get("render"), 1e-6);
    assertEquals(List.of(), r.drawn());
  }

  @Test
  void aMissingDuplicatedOrReorderedRecordFailsTheCheck() {
    List<Long> all = List.of(0L, 1L, 2L, 3L, 4L);
    assertFalse(report(all, List.of(0L, 1L, 3L, 4L)).exactlyOnceInOrder(), "overlay missing");
    assertFalse(report(all, List.of(0L, 1L, 2L, 3L)).exactlyOnceInOrder(), "last overlay missing");
    assertFalse(report(all, List.of(0L, 1L, 2L, 2L, 3L, 4L)).exactlyOnceInOrder(), "overlay twice");
    assertFalse(report(all, List.of(0L, 2L, 1L, 3L, 4L)).exactlyOnceInOrder(), "out of order");
    assertFalse(
        report(List.of(0L, 1L, 2L, 4L, 3L), all).exactlyOnceInOrder(), "explanations reordered");
    assertFalse(
        report(List.of(0L, 1L, 1L, 2L, 3L, 4L), all).exactlyOnceInOrder(), "explanation twice");
  }
}
