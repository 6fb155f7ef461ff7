package dev.decomcam.processor.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.serde.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkipRecordTest {
  @Test
  void aSkipRecordNamesTheFrameAndCarriesNoExplanation() {
    Explanation e =
        SkipRecord.toRecord(
            "door",
            42,
            1_700_000_000_000L,
            "demo-shapes",
            "decomcam",
            "streaming",
            "frame age 734 ms > live.max.lag.ms=300: skipped to keep the live camera current",
            Map.of("decode", 0.25));
    // it survives the topic's serde
    Explanation back =
        Topics.EXPLANATION_SERDE
            .deserializer()
            .deserialize("explanations", Topics.EXPLANATION_SERDE.serializer().serialize("x", e));
    for (Explanation r : List.of(e, back)) {
      assertEquals("door", r.getCameraId());
      assertEquals(42, r.getSequence());
      assertEquals(1_700_000_000_000L, r.getCaptureTimestampMs());
      assertEquals("demo-shapes", r.getModelId());
      assertEquals("decomcam", r.getMethod());
      assertEquals("streaming", r.getMode());
      assertTrue(r.getSkipped());
      assertTrue(r.getSkipReason().startsWith("frame age 734 ms"));
      assertEquals(-1, r.getPredictedIndex());
      assertEquals("", r.getPredictedLabel());
      assertEquals(0f, r.getPredictedScore());
      assertEquals(-1, r.getTargetIndex());
      assertEquals("", r.getTargetLabel());
      assertEquals(0f, r.getTargetLogit());
      assertEquals(0, r.getInputWidth());
      assertEquals(0, r.getInputHeight());
      assertEquals(List.of(), r.getCrop());
      assertEquals(0, r.getSaliency().getWidth());
      assertEquals(0, r.getSaliency().getHeight());
      assertEquals("u8", r.getSaliency().getEncoding());
      assertEquals(0, r.getSaliency().getData().remaining());
      assertEquals(List.of(), r.getComponents());
      assertEquals(Map.of("decode", 0.25f), r.getTimingsMs());
      assertFalse(r.getReset());
      assertEquals(0, r.getMaskedForwards());
      assertEquals(-1f, r.getSubspaceAngle());
    }
  }

  @Test
  void aSkipRecordNeedsAOneLineReason() {
    for (String reason : new String[] {null, " ", "two\nlines"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SkipRecord.toRecord("c", 1, 0, "m", "decomcam", "full", reason, Map.of()));
      assertTrue(e.getMessage().startsWith("skip record of c#1 needs a one-line reason"));
    }
  }
}
