package dev.decomcam.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void frameWrittenWithOlderSchemaIsReadAfterFieldWasAdded() throws Exception {
    // Given a Frame written by a producer that still uses schema v1 (no 'source' field)
    Schema v1 = AvroSerde.historyOf(Frame.getClassSchema()).get(0);
    assertTrue(v1.getField("source") == null, "v1 must predate the 'source' field");
    assertTrue(
        SchemaNormalization.parsingFingerprint64(v1)
            != SchemaNormalization.parsingFingerprint64(Frame.getClassSchema()));
    GenericRecord old = new GenericData.Record(v1);
    old.put("cameraId", "cam-1");
    old.put("sequence", 41L);
    old.put("captureTimestampMs", 1_700_000_000_000L);
    old.put("ptsMicros", 1_640_000L);
    old.put("width", 640);
    old.put("height", 480);
    old.put("encoding", "jpeg");
    old.put("image", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}));
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    // When the current reader decodes it
    Frame f = Topics.FRAME_SERDE.deserializer().deserialize("frames", bytes);

    // Then old fields survive and the new one takes its default
    assertEquals("cam-1", f.getCameraId());
    assertEquals(41L, f.getSequence());
    assertEquals(640, f.getWidth());
    assertEquals("", f.getSource());
    assertEquals(4, f.getImage().remaining());
  }

  @Test
  void frameWrittenBeforeTheLiveFlagIsReadAsNotLive() throws Exception {
    Schema v2 = AvroSerde.historyOf(Frame.getClassSchema()).get(1);
    assertNull(v2.getField("live"), "v2 must predate the 'live' field");
    GenericRecord old = new GenericData.Record(v2);
    old.put("cameraId", "cam-1");
    old.put("sequence", 7L);
    old.put("captureTimestampMs", 1_700_000_000_000L);
    old.put("ptsMicros", 280_000L);
    old.put("width", 64);
    old.put("height", 48);
    old.put("encoding", "jpeg");
    old.put("image", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    old.put("source", "rtsp://cam/1");

    Frame f = Topics.FRAME_SERDE.deserializer().deserialize("frames", encode(v2, old));

    assertEquals("rtsp://cam/1", f.getSource());
    assertEquals(7L, f.getSequence());
    assertFalse(f.getLive(), "a frame from a former producer is explained, never skipped");
  }

  @Test
  void frameWrittenBeforeTheSourceStatusIsReadAsNeverReconnected() throws Exception {
    Schema v3 = AvroSerde.historyOf(Frame.getClassSchema()).get(2);
    assertNull(v3.getField("reconnects"), "v3 must predate the 'reconnects' field");
    assertNull(v3.getField("outageMs"), "v3 must predate the 'outageMs' field");
    GenericRecord old = new GenericData.Record(v3);
    old.put("cameraId", "cam-1");
    old.put("sequence", 9L);
    old.put("captureTimestampMs", 1_700_000_000_000L);
    old.put("ptsMicros", 360_000L);
    old.put("width", 64);
    old.put("height", 48);
    old.put("encoding", "jpeg");
    old.put("image", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    old.put("source", "rtsp://cam/1");
    old.put("live", true);

    Frame f = Topics.FRAME_SERDE.deserializer().deserialize("frames", encode(v3, old));

    assertEquals(9L, f.getSequence());
    assertTrue(f.getLive());
    assertEquals(0, f.getReconnects(), "a frame from a former producer was never reconnected");
    assertEquals(0L, f.getOutageMs(), "a frame from a former producer follows no outage");
  }

  @Test
  void frameWithSourceStatusRoundTrips() {
    Frame f =
        Frame.newBuilder()
            .setCameraId("door")
            .setSequence(120L)
            .setCaptureTimestampMs(1_700_000_000_000L)
            .setPtsMicros(4_800_000L)
            .setWidth(64)
            .setHeight(48)
            .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}))
            .setLive(true)
            .setReconnects(2)
            .setOutageMs(5_300L)
            .build();

    Frame back =
        Topics.FRAME_SERDE
            .deserializer()
            .deserialize("frames", Topics.FRAME_SERDE.serializer().serialize("frames", f));

    assertEquals(2, back.getReconnects());
    assertEquals(5_300L, back.getOutageMs());
    assertEquals(f, back);
  }

  @Test
  void explanationWrittenBeforeSkipRecordsIsReadAsExplained() throws Exception {
    Schema v1 = AvroSerde.historyOf(Explanation.getClassSchema()).get(0);
    assertNull(v1.getField("skipped"), "v1 must predate the 'skipped' field");
    assertNull(v1.getField("skipReason"));
    Schema mapSchema = v1.getField("saliency").schema();
    GenericRecord map = new GenericData.Record(mapSchema);
    map.put("width", 2);
    map.put("height", 1);
    map.put("encoding", "u8");
    map.put("data", ByteBuffer.wrap(new byte[] {0, (byte) 255}));
    GenericRecord component =
        new GenericData.Record(v1.getField("components").schema().getElementType());
    component.put("id", 3);
    component.put("rank", 0);
    component.put("weight", 1f);
    component.put("score", 9.5f);
    component.put("energy", 0.4f);
    component.put("map", map);
    component.put("similarity", 0.9f);
    component.put("scoreReused", true);
    GenericRecord old = new GenericData.Record(v1);
    old.put("cameraId", "cam");
    old.put("sequence", 12L);
    old.put("captureTimestampMs", 5L);
    old.put("modelId", "m");
    old.put("method", "decomcam");
    old.put("mode", "streaming");
    old.put("predictedIndex", 2);
    old.put("predictedLabel", "circle");
    old.put("predictedScore", 0.9f);
    old.put("targetIndex", 2);
    old.put("targetLabel", "circle");
    old.put("targetLogit", 4f);
    old.put("inputWidth", 2);
    old.put("inputHeight", 1);
    old.put("crop", List.of(0f, 0f, 64f, 48f));
    old.put("saliency", map);
    old.put("components", List.of(component));
    old.put("timingsMs", Map.of("forward", 1.5f));
    old.put("reset", false);
    old.put("maskedForwards", 3);
    old.put("subspaceAngle", 0.25f);

    Explanation e =
        Topics.EXPLANATION_SERDE.deserializer().deserialize("explanations", encode(v1, old));

    assertEquals(12L, e.getSequence());
    assertEquals("circle", e.getPredictedLabel());
    assertEquals(3, e.getComponents().get(0).getId());
    assertTrue(e.getComponents().get(0).getScoreReused());
    assertEquals(List.of(0f, 0f, 64f, 48f), e.getCrop());
    assertEquals(0.25f, e.getSubspaceAngle());
    assertFalse(e.getReset());
    assertFalse(e.getSkipped(), "a former explanation is a real one");
    assertEquals("", e.getSkipReason());
  }

  @Test
  void overlayWrittenBeforeSkipsIsReadWithTheNewDefaults() throws Exception {
    Schema v1 = AvroSerde.historyOf(Overlay.getClassSchema()).get(0);
    assertNull(v1.getField("skipped"), "v1 must predate the 'skipped' field");
    GenericRecord old = firstOverlayFields(v1, 12L);

    Overlay o = Topics.OVERLAY_SERDE.deserializer().deserialize("overlays", encode(v1, old));

    assertEquals(12L, o.getSequence());
    assertEquals("circle", o.getLabel());
    assertEquals(120L, o.getLatencyMs());
    assertEquals(3.5f, o.getRenderMs());
    assertFalse(o.getSkipped());
    assertEquals(-1L, o.getExplanationSequence());
    assertEquals(0L, o.getExplanationAgeFrames());
    assertEquals(0L, o.getExplanationAgeMs());
  }

  @Test
  void overlayWrittenBeforeReductionIsReadAsDrawnWhole() throws Exception {
    Schema v2 = AvroSerde.historyOf(Overlay.getClassSchema()).get(1);
    assertNull(v2.getField("reduction"), "v2 must predate the 'reduction' field");
    GenericRecord old = firstOverlayFields(v2, 13L);
    old.put("skipped", true);
    old.put("explanationSequence", 11L);
    old.put("explanationAgeFrames", 2L);
    old.put("explanationAgeMs", 80L);

    Overlay o = Topics.OVERLAY_SERDE.deserializer().deserialize("overlays", encode(v2, old));

    assertEquals(13L, o.getSequence());
    assertTrue(o.getSkipped());
    assertEquals(11L, o.getExplanationSequence());
    assertEquals(1, o.getReduction());
  }

  @Test
  void overlayWrittenBeforeOverdueIsReadAsAnsweredWithoutReason() throws Exception {
    Schema v3 = AvroSerde.historyOf(Overlay.getClassSchema()).get(2);
    assertNull(v3.getField("overdue"), "v3 must predate the 'overdue' field");
    assertNull(v3.getField("skipReason"), "v3 must predate the 'skipReason' field");
    GenericRecord old = firstOverlayFields(v3, 14L);
    old.put("skipped", true);
    old.put("explanationSequence", 11L);
    old.put("explanationAgeFrames", 3L);
    old.put("explanationAgeMs", 120L);
    old.put("reduction", 2);

    Overlay o = Topics.OVERLAY_SERDE.deserializer().deserialize("overlays", encode(v3, old));

    assertEquals(14L, o.getSequence());
    assertTrue(o.getSkipped());
    assertEquals(2, o.getReduction());
    assertFalse(o.getOverdue(), "a former skipped overlay was the processor's skip");
    assertEquals("", o.getSkipReason());
  }

  /** An overlay of {@code schema}, an older one, with the fields of its first version set. */
  private static GenericRecord firstOverlayFields(Schema schema, long sequence) {
    GenericRecord old = new GenericData.Record(schema);
    old.put("cameraId", "cam");
    old.put("sequence", sequence);
    old.put("captureTimestampMs", 5L);
    old.put("width", 64);
    old.put("height", 48);
    old.put("encoding", "jpeg");
    old.put("image", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    old.put("label", "circle");
    old.put("score", 0.9f);
    old.put("latencyMs", 120L);
    old.put("renderMs", 3.5f);
    return old;
  }

  private static byte[] encode(Schema writer, GenericRecord record) throws Exception {
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer)
        .encode(record)
        .array();
  }

  @Test
  void explanationRoundTrips() {
    SaliencyMap map = new SaliencyMap(2, 1, "u8", ByteBuffer.wrap(new byte[] {0, (byte) 255}));
    Component c =
        Component.newBuilder()
            .setId(3)
            .setRank(0)
            .setWeight(1f)
            .setScore(9.5f)
            .setEnergy(0.4f)
            .setMap(map)
            .build();
    Explanation e =
        Explanation.newBuilder()
            .setCameraId("cam")
            .setSequence(7)
            .setCaptureTimestampMs(5)
            .setModelId("m")
            .setMethod("decomcam")
            .setPredictedIndex(2)
            .setPredictedLabel("circle")
            .setPredictedScore(0.9f)
            .setTargetIndex(2)
            .setTargetLabel("circle")
            .setTargetLogit(4f)
            .setInputWidth(2)
            .setInputHeight(1)
            .setSaliency(map)
            .setComponents(List.of(c))
            .setTimingsMs(Map.of("forward", 1.5f))
            .build();
    byte[] bytes = Topics.EXPLANATION_SERDE.serializer().serialize("explanations", e);
    Explanation back = Topics.EXPLANATION_SERDE.deserializer().deserialize("explanations", bytes);
    assertEquals(e, back);
    assertEquals("full", back.getMode());
    byte[] data = new byte[2];
    back.getComponents().get(0).getMap().getData().get(data);
    assertArrayEquals(new byte[] {0, (byte) 255}, data);
  }

  @Test
  void unknownSchemaAndGarbageAreClearErrors() {
    byte[] unknown = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    var e1 = assertThrows(SerializationException.class, () -> Topics.FRAME_SERDE.decode(unknown));
    assertTrue(e1.getMessage().startsWith("unknown Frame schema"), e1.getMessage());
    var e2 =
        assertThrows(
            SerializationException.class, () -> Topics.FRAME_SERDE.decode(new byte[] {1, 2, 3}));
    assertTrue(e2.getMessage().startsWith("corrupt Frame record"), e2.getMessage());
  }

  @Test
  void aLengthPrefixLongerThanTheRecordIsRejectedBeforeAnythingIsAllocated() {
    Frame f =
        Frame.newBuilder()
            .setCameraId("c")
            .setSequence(1)
            .setCaptureTimestampMs(1)
            .setPtsMicros(0)
            .setWidth(1)
            .setHeight(1)
            .setImage(ByteBuffer.wrap(new byte[] {1}))
            .build();
    byte[] good = Topics.FRAME_SERDE.encode(f);
    // the header, then a camera id claiming 2 GB (zig-zag varint of 2e9) and a few bytes
    byte[] bad = java.util.Arrays.copyOf(good, 10 + 5 + 20);
    long z = 2_000_000_000L << 1;
    for (int i = 10; i < 15; i++) {
      bad[i] = (byte) ((z & 0x7F) | (i < 14 ? 0x80 : 0));
      z >>>= 7;
    }
    long before = usedHeap();
    SerializationException e =
        assertThrows(SerializationException.class, () -> Topics.FRAME_SERDE.decode(bad));
    assertTrue(
        e.getMessage()
            .startsWith(
                "corrupt Frame record (35 bytes): field 'cameraId' claims 2000000000 bytes where 20"
                    + " bytes are left in the record"),
        e.getMessage());
    assertTrue(usedHeap() - before < 100_000_000, "no 2 GB allocation");
    // a negative length and a record cut short are one-line errors too
    bad[10] = 3; // zig-zag -2
    assertTrue(
        assertThrows(SerializationException.class, () -> Topics.FRAME_SERDE.decode(bad))
            .getMessage()
            .contains("field 'cameraId' has a negative length -2"),
        () -> {
          try {
            return Topics.FRAME_SERDE.decode(bad).toString();
          } catch (RuntimeException x) {
            return x.getMessage();
          }
        });
    assertTrue(
        assertThrows(
                SerializationException.class,
                () -> Topics.FRAME_SERDE.decode(java.util.Arrays.copyOf(good, good.length - 1)))
            .getMessage()
            .contains("the record ends inside field '"));
    assertEquals(f, Topics.FRAME_SERDE.decode(good));
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
