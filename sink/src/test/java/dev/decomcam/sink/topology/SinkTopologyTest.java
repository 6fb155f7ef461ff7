package dev.decomcam.sink.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.SaliencyMap;
import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.live.CatchUp;
import dev.decomcam.sink.metrics.SinkMetrics;
import dev.decomcam.sink.render.Explanations;
import dev.decomcam.sink.render.OverlayRenderer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkTopologyTest {
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Frame> frames;
  private TestInputTopic<String, Explanation> explanations;
  private TestInputTopic<byte[], byte[]> rawFrames;
  private TestInputTopic<byte[], byte[]> rawExplanations;
  private TestOutputTopic<String, Overlay> overlays;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private SinkTopology.Deps deps;
  private byte[] jpeg;

  @BeforeEach
  void setUp() {
    SinkConfig cfg =
        SinkConfig.load(
            null, Map.of(), Map.of("state.dir", stateDir.toString(), "pending.frames.max", "4"));
    deps =
        new SinkTopology.Deps(
            Topics.FRAMES,
            Topics.EXPLANATIONS,
            Topics.OVERLAYS,
            Topics.DEAD_LETTER,
            new OverlayRenderer(),
            new JpegCodec(0.85),
            cfg.maxPendingFrames(),
            () -> 5_000L);
    Properties props = SinkTopology.streamsConfig(cfg);
    // the join rules, whatever order records come in: the test driver takes each piped record at
    // once rather than wait for the other topic (the service waits, see join.wait.ms)
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    driver = new TopologyTestDriver(SinkTopology.build(deps), props);
    setUpTopics();
    jpeg =
        new JpegCodec(0.85).encode(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR)).bytes();
  }

  private void setUpTopics() {
    frames =
        driver.createInputTopic(
            Topics.FRAMES.name(), new StringSerializer(), Topics.FRAME_SERDE.serializer());
    explanations =
        driver.createInputTopic(
            Topics.EXPLANATIONS.name(),
            new StringSerializer(),
            Topics.EXPLANATION_SERDE.serializer());
    rawFrames =
        driver.createInputTopic(
            Topics.FRAMES.name(), new ByteArraySerializer(), new ByteArraySerializer());
    rawExplanations =
        driver.createInputTopic(
            Topics.EXPLANATIONS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    overlays =
        driver.createOutputTopic(
            Topics.OVERLAYS.name(), new StringDeserializer(), Topics.OVERLAY_SERDE.deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void frame(String cam, long seq) {
    frame(cam, seq, 1000 + seq);
  }

  private void frame(String cam, long seq, long captureMs) {
    frame(cam, seq, captureMs, true);
  }

  private void frame(String cam, long seq, long captureMs, boolean live) {
    frames.pipeInput(
        cam,
        Frame.newBuilder()
            .setCameraId(cam)
            .setSequence(seq)
            .setCaptureTimestampMs(captureMs)
            .setPtsMicros(seq * 40_000)
            .setWidth(64)
            .setHeight(48)
            .setEncoding("jpeg")
            .setImage(ByteBuffer.wrap(jpeg))
            .setSource("test")
            // live by default, as the cameras whose frames the processor may skip
            .setLive(live)
            .build(),
        1000 + seq);
  }

  private void explanation(String cam, long seq) {
    explanations.pipeInput(
        cam,
        Explanations.of(
            cam,
            seq,
            List.of(),
            112,
            112,
            List.of(Explanations.component(0, 1f, Explanations.blob(7, 7, 3, 3, 1)))),
        1000 + seq);
  }

  private static List<Long> sequences(List<Overlay> out, String cam) {
    return out.stream().filter(o -> o.getCameraId().equals(cam)).map(Overlay::getSequence).toList();
  }

  @Test
  void lateExplanationsOfAnEarlierIngestRunNeverMeetTheNewRunsFrames() {
    for (long seq = 0; seq < 4; seq++) { // pending.frames.max is 4 here
      frame("cam", seq);
    }
    for (long seq = 0; seq < 2; seq++) {
      explanation("cam", seq);
    }
    // ingest restarts (sequence back to 0, new capture times) while explanations 2..3 of the old
    // run are in flight
    for (long seq = 0; seq < 4; seq++) {
      frame("cam", seq, 9000 + seq);
    }
    for (long seq = 2; seq < 4; seq++) {
      explanation("cam", seq); // old run: capture 1000 + seq
    }
    for (long seq = 0; seq < 4; seq++) {
      Explanation e = Explanations.of("cam", seq, List.of(), 112, 112, List.of());
      e.setCaptureTimestampMs(9000 + seq);
      explanations.pipeInput("cam", e, 9000 + seq);
    }
    List<Overlay> out = overlays.readValuesToList();
    assertEquals(List.of(0L, 1L, 0L, 1L, 2L, 3L), sequences(out, "cam"));
    for (int i = 2; i < out.size(); i++) {
      assertEquals(
          9000 + out.get(i).getSequence(),
          out.get(i).getCaptureTimestampMs(),
          "new frame, new explanation");
    }
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertEquals(2, dead.size());
    dead.forEach(
        d ->
            assertTrue(
                DeadLetters.text(d.headers(), DeadLetters.ERROR).contains("earlier ingest run")));
  }

  @Test
  void everyExplainedFrameIsRenderedOnceInOrder() {
    frame("a", 0);
    frame("a", 1);
    frame("b", 0);
    frame("a", 2);
    explanation("a", 1);
    explanation("b", 0);
    explanation("a", 3); // ahead of its frame
    frame("b", 1);
    frame("a", 3);
    explanation("a", 3); // duplicate delivery
    frame("a", 4);
    frame("b", 2);
    explanation("b", 2);
    explanation("a", 4);

    List<TestRecord<String, Overlay>> records = overlays.readRecordsToList();
    List<Overlay> out = new ArrayList<>();
    records.forEach(r -> out.add(r.value()));
    assertEquals(List.of(1L, 3L, 4L), sequences(out, "a"));
    assertEquals(List.of(0L, 2L), sequences(out, "b"));
    for (TestRecord<String, Overlay> r : records) {
      Overlay o = r.value();
      assertEquals(o.getCameraId(), r.key());
      assertEquals("bald eagle", o.getLabel());
      assertEquals(0.72f, o.getScore());
      assertEquals(1000 + o.getSequence(), o.getCaptureTimestampMs());
      assertEquals(5_000L - (1000 + o.getSequence()), o.getLatencyMs());
      byte[] img = new byte[o.getImage().remaining()];
      o.getImage().duplicate().get(img);
      BufferedImage drawn = JpegCodec.decode(img);
      assertEquals(64, drawn.getWidth());
      assertEquals(48 + OverlayRenderer.headerHeight(48), drawn.getHeight());
      assertEquals(drawn.getHeight(), o.getHeight());
    }
    assertTrue(deadLetters.isEmpty(), "nothing was broken");
  }

  @Test
  void corruptRecordsGoToDeadLetterAndLaterRecordsFlow() {
    frame("a", 0);
    byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    rawExplanations.pipeInput("a".getBytes(), garbage);
    rawFrames.pipeInput("a".getBytes(), new byte[] {(byte) 0xC3, 0x01, 9, 9});
    explanation("a", 0);

    // an explanation that decodes but cannot be rendered (saliency data too short)
    frame("a", 1);
    Explanation bad = Explanations.of("a", 1, List.of(), 112, 112, List.of());
    bad.setSaliency(
        SaliencyMap.newBuilder()
            .setWidth(224)
            .setHeight(224)
            .setData(ByteBuffer.wrap(new byte[10]))
            .build());
    explanations.pipeInput("a", bad);

    frame("a", 2);
    explanation("a", 2);

    assertEquals(List.of(0L, 2L), sequences(overlays.readValuesToList(), "a"));
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertEquals(3, dead.size());
    assertArrayEquals(garbage, dead.get(0).value(), "original bytes are kept");
    assertArrayEquals("a".getBytes(), dead.get(0).key());
    assertEquals("decode-explanation", DeadLetters.text(dead.get(0).headers(), DeadLetters.STAGE));
    assertEquals(
        Topics.EXPLANATIONS.name(),
        DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC));
    assertEquals("decode-frame", DeadLetters.text(dead.get(1).headers(), DeadLetters.STAGE));
    assertEquals("render", DeadLetters.text(dead.get(2).headers(), DeadLetters.STAGE));
    assertTrue(
        DeadLetters.text(dead.get(2).headers(), DeadLetters.ERROR).contains("saliency"),
        DeadLetters.text(dead.get(2).headers(), DeadLetters.ERROR));
    assertArrayEquals(Topics.EXPLANATION_SERDE.encode(bad), dead.get(2).value());
  }

  @Test
  void hostileFramesAreDeadLetteredAndTheirCameraGoesOn() {
    frame("a", 0);
    frame("a", 1);
    frame("a", 2);
    explanation("a", 0);
    frame("a", 1); // a step back that is not a restart (0): not this camera's stream
    frame("x".repeat(10_240), 3);
    frame("a", -7);
    rawFrames.pipeInput("a".getBytes(), new byte[deps.maxRecordBytes() + 1]);
    explanation("a", 1);
    explanation("a", 2);

    assertEquals(
        List.of(0L, 1L, 2L),
        sequences(overlays.readValuesToList(), "a"),
        "the frames waiting for explanations were kept");
    List<String> reasons =
        deadLetters.readRecordsToList().stream()
            .map(r -> DeadLetters.text(r.headers(), DeadLetters.ERROR))
            .toList();
    assertEquals(4, reasons.size(), reasons.toString());
    assertEquals(
        "frame a#1 after #2: a camera's sequence must increase (a restarted ingest starts again at"
            + " 0): check that only one ingest publishes this camera id",
        reasons.get(0));
    assertTrue(reasons.get(1).startsWith("camera id of 10240 characters"), reasons.get(1));
    assertTrue(reasons.get(2).contains("negative sequence"), reasons.get(2));
    assertEquals(
        "frame record of "
            + (deps.maxRecordBytes() + 1)
            + " bytes exceeds record.max.bytes="
            + deps.maxRecordBytes()
            + ": lower the ingest resolution or JPEG quality, or raise record.max.bytes",
        reasons.get(3));
  }

  @Test
  void oldFramesArePurgedAndRestartsReset() {
    for (int s = 0; s < 10; s++) {
      frame("a", s);
    }
    explanation("a", 2); // frame 2 fell out of the 4-frame bound
    explanation("a", 8);
    assertEquals(List.of(8L), sequences(overlays.readValuesToList(), "a"));
    assertEquals("join", DeadLetters.text(deadLetters.readRecord().headers(), DeadLetters.STAGE));
    var store =
        driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(
            SinkTopology.FRAME_STORE);
    assertEquals(1, count(store), "only frame 9 may still wait");

    // ingest restarts: sequences begin again at 0 and must render
    frame("a", 0);
    explanation("a", 0);
    assertEquals(List.of(0L), sequences(overlays.readValuesToList(), "a"));
    assertEquals(0, count(store));
  }

  @Test
  void purgesAndOrphansHoldAcrossSequenceGaps() {
    // the join scans only the sequences a store can still hold (above the last rendered, and the
    // last frame's purge): frames every third sequence, their explanations stopped
    for (int s = 0; s <= 39; s += 3) {
      frame("g", s);
    }
    var store =
        driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(
            SinkTopology.FRAME_STORE);
    assertEquals(2, count(store), "the 4-frame bound keeps frames 36 and 39");
    explanation("g", 41); // ahead of its frame, which never comes
    explanation("g", 43);
    frame("g", 42); // 41 can no longer meet its frame; 36 falls out of the bound
    assertEquals(
        "explanation g#41 has no frame (purged or never published): raise pending.frames.max if"
            + " frames were purged",
        DeadLetters.text(deadLetters.readRecord().headers(), DeadLetters.ERROR));
    assertEquals(2, count(store), "frames 39 and 42 wait");
    frame("g", 43); // meets its explanation: the frames below it are never explained
    assertEquals(List.of(43L), sequences(overlays.readValuesToList(), "g"));
    assertEquals(0, count(store));
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void camerasBeyondTheCapAreDeadLetteredAndIdleOnesForgottenInEveryStore() {
    driver.close();
    SinkConfig cfg = SinkConfig.load(null, Map.of(), Map.of("state.dir", stateDir.toString()));
    deps =
        new SinkTopology.Deps(
            Topics.FRAMES,
            Topics.EXPLANATIONS,
            Topics.OVERLAYS,
            Topics.DEAD_LETTER,
            new OverlayRenderer(),
            new JpegCodec(0.85),
            4,
            () -> 5_000L,
            SinkConfig.DEFAULT_RECORD_MAX_BYTES,
            PixelLimit.DEFAULT,
            100,
            CatchUp.OFF,
            new CameraCap(2),
            10_000,
            SinkMetrics.NONE);
    Properties props = SinkTopology.streamsConfig(cfg);
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    driver = new TopologyTestDriver(SinkTopology.build(deps), props, Instant.ofEpochMilli(0));
    setUpTopics();

    frame("a", 0);
    frame("rec", 0, 1000, false);
    frame("rec", 1, 1001, false);
    frame("c", 0); // a third camera: over cameras.max=2
    explanation("c", 0);
    List<TestRecord<byte[], byte[]>> refused = deadLetters.readRecordsToList();
    assertEquals(2, refused.size());
    for (TestRecord<byte[], byte[]> d : refused) {
      String why = DeadLetters.text(d.headers(), DeadLetters.ERROR);
      assertTrue(why.contains("cameras.max=2") && why.contains(" c#0"), why);
      assertEquals("cameras", DeadLetters.text(d.headers(), DeadLetters.STAGE));
    }
    explanation("a", 0);
    assertEquals(List.of(0L), sequences(overlays.readValuesToList(), "a"));

    // the recording is slow, not idle: an explanation within the idle time keeps it, and its
    // frame still waiting; camera a, silent for longer, is forgotten
    driver.advanceWallClockTime(Duration.ofMillis(6_000));
    explanation("rec", 0);
    driver.advanceWallClockTime(Duration.ofMillis(6_000));
    var progress = driver.<String, byte[]>getKeyValueStore(SinkTopology.PROGRESS_STORE);
    var latest = driver.<String, byte[]>getKeyValueStore(SinkTopology.LATEST_STORE);
    var waiting =
        driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(
            SinkTopology.FRAME_STORE);
    var early =
        driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(
            SinkTopology.EXPLANATION_STORE);
    assertEquals(null, progress.get("a"));
    assertEquals(null, latest.get("a"));
    assertTrue(progress.get("rec") != null);
    assertEquals(1, count(waiting), "the recording's frame 1 still waits");

    // a's slot is free for c; a itself comes back as a new camera: its frame 0 renders again
    frame("c", 0);
    frame("a", 0);
    assertEquals(1, deadLetters.getQueueSize(), "only a is refused: rec and c hold the slots");
    deadLetters.readRecord();
    explanation("c", 0);
    explanation("rec", 1);
    assertEquals(List.of(0L), sequences(overlays.readValuesToList(), "c"));

    // everything goes quiet: every store is empty, every slot given back
    driver.advanceWallClockTime(Duration.ofMillis(11_000));
    assertEquals(0, count(progress));
    assertEquals(0, count(latest));
    assertEquals(0, count(waiting));
    assertEquals(0, count(early));
    assertEquals(0, deps.cameras().cameras());
    frame("a", 0);
    explanation("a", 0);
    assertEquals(List.of(0L), sequences(overlays.readValuesToList(), "a"), "a, new again");
  }

  @Test
  void aRecordingsFramesWaitFarBeyondTheLiveBound() {
    // a recording (not live) camera: 10 frames ahead of their explanations, over the 4 of a live
    // one
    for (int s = 0; s < 10; s++) {
      frame("rec", s, 1000 + s, false);
    }
    for (int s = 0; s < 10; s++) {
      explanation("rec", s);
    }
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
        sequences(overlays.readValuesToList(), "rec"));
    assertTrue(deadLetters.isEmpty(), "no frame of a recording purged");
  }

  static final String SKIP_REASON =
      "frame age 734 ms > live.max.lag.ms=300: a newer frame was waiting";

  /** A skip record as the processor emits it for a live frame it did not explain (LIVE.md). */
  static Explanation skipRecord(String cam, long seq, long captureMs) {
    return Explanation.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(captureMs)
        .setModelId("test")
        .setMethod("decomcam")
        .setMode("full")
        .setPredictedIndex(-1)
        .setPredictedLabel("")
        .setPredictedScore(0f)
        .setTargetIndex(-1)
        .setTargetLabel("")
        .setTargetLogit(0f)
        .setInputWidth(0)
        .setInputHeight(0)
        .setCrop(List.of())
        .setSaliency(
            SaliencyMap.newBuilder()
                .setWidth(0)
                .setHeight(0)
                .setEncoding("u8")
                .setData(ByteBuffer.allocate(0))
                .build())
        .setComponents(List.of())
        .setTimingsMs(Map.of("decode", 0.1f))
        .setSkipped(true)
        .setSkipReason(SKIP_REASON)
        .build();
  }

  private void skip(String cam, long seq) {
    explanations.pipeInput(cam, skipRecord(cam, seq, 1000 + seq), 1000 + seq);
  }

  /** The overlay's picture without its header bar. */
  private static BufferedImage body(Overlay o) {
    byte[] img = new byte[o.getImage().remaining()];
    o.getImage().duplicate().get(img);
    BufferedImage drawn = JpegCodec.decode(img);
    int header = OverlayRenderer.headerHeight(48);
    return drawn.getSubimage(0, header, drawn.getWidth(), drawn.getHeight() - header);
  }

  /** Mean absolute difference per channel between two pictures of the same size. */
  private static double difference(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  /** Mean brightness per channel: the test frames are black, so the heatmap is what lights up. */
  private static double brightness(BufferedImage a) {
    return difference(a, new BufferedImage(a.getWidth(), a.getHeight(), a.getType()));
  }

  @Test
  void skippedFramesAreDrawnWithTheCamerasLatestExplanationAndItsAge() {
    frame("cam", 0);
    frame("cam", 1);
    explanation("cam", 0);
    explanation("cam", 1);
    frame("cam", 2);
    frame("cam", 3);
    skip("cam", 2);
    skip("cam", 3);
    frame("cam", 4);
    explanation("cam", 4);

    List<Overlay> out = overlays.readValuesToList();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), sequences(out, "cam"), "one overlay per frame");
    for (Overlay o : out) {
      boolean skipped = o.getSequence() == 2 || o.getSequence() == 3;
      assertEquals(skipped, o.getSkipped(), "overlay " + o.getSequence());
      assertFalse(o.getOverdue(), "the processor answered for every frame");
      assertEquals(skipped ? SKIP_REASON : "", o.getSkipReason(), "the processor's reason");
      long drawn = skipped ? 1 : o.getSequence();
      assertEquals(drawn, o.getExplanationSequence(), "overlay " + o.getSequence());
      assertEquals(o.getSequence() - drawn, o.getExplanationAgeFrames());
      // capture times are 1000 + sequence here
      assertEquals(o.getSequence() - drawn, o.getExplanationAgeMs());
      assertEquals("bald eagle", o.getLabel(), "the drawn explanation's label");
      assertEquals(0.72f, o.getScore());
      assertEquals(5_000L - (1000 + o.getSequence()), o.getLatencyMs());
    }
    // the skipped frames show explanation 1's heatmap: the same picture as frame 1's own overlay
    BufferedImage own = body(out.get(1));
    assertTrue(brightness(own) > 20, "the heatmap lights up the black frame: " + brightness(own));
    for (int i = 2; i <= 3; i++) {
      double d = difference(own, body(out.get(i)));
      assertTrue(d < 2, "overlay " + i + " differs from overlay 1 by " + d + " per channel");
    }
    assertTrue(deadLetters.isEmpty(), "a skip record's 0x0 map is never validated as a map");
    byte[] latest = driver.<String, byte[]>getKeyValueStore(SinkTopology.LATEST_STORE).get("cam");
    assertEquals(4, Topics.EXPLANATION_SERDE.decode(latest).getSequence());
  }

  @Test
  void aSkippedFrameBeforeAnyExplanationIsDrawnWithoutHeatmap() {
    frame("cam", 0);
    skip("cam", 0);
    frame("cam", 1);
    explanation("cam", 1);
    frame("cam", 2);
    skip("cam", 2);

    List<Overlay> out = overlays.readValuesToList();
    assertEquals(List.of(0L, 1L, 2L), sequences(out, "cam"));
    Overlay first = out.get(0);
    assertTrue(first.getSkipped());
    assertEquals(-1, first.getExplanationSequence());
    assertEquals(0, first.getExplanationAgeFrames());
    assertEquals(0, first.getExplanationAgeMs());
    assertEquals("", first.getLabel());
    assertEquals(0f, first.getScore());
    assertTrue(brightness(body(first)) < 3, "no heatmap: " + brightness(body(first)));
    assertEquals(48 + OverlayRenderer.headerHeight(48), first.getHeight());
    assertEquals(1, out.get(2).getExplanationSequence());
    assertEquals(1, out.get(2).getExplanationAgeFrames());
    assertTrue(brightness(body(out.get(2))) > 20, "explanation 1's heatmap");
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void skipRecordsJoinLikeExplanationsOnceAndInOrder() {
    frame("a", 0);
    frame("b", 0);
    explanation("a", 0);
    skip("a", 1); // ahead of its frame
    frame("a", 1);
    skip("a", 1); // duplicate delivery
    skip("b", 0);
    frame("a", 2);
    frame("b", 1);
    explanation("b", 1);
    skip("a", 2);
    explanation("a", 3); // ahead of its frame
    frame("a", 3);

    List<Overlay> out = overlays.readValuesToList();
    assertEquals(List.of(0L, 1L, 2L, 3L), sequences(out, "a"));
    assertEquals(List.of(0L, 1L), sequences(out, "b"));
    Map<String, List<Long>> drawn = new java.util.HashMap<>();
    out.forEach(
        o ->
            drawn
                .computeIfAbsent(o.getCameraId(), k -> new ArrayList<>())
                .add(o.getExplanationSequence()));
    assertEquals(List.of(0L, 0L, 0L, 3L), drawn.get("a"));
    assertEquals(List.of(-1L, 1L), drawn.get("b"));
    assertTrue(deadLetters.isEmpty());

    // ingest of camera a restarts: its latest explanation belongs to the old run
    frame("a", 0, 9000);
    explanations.pipeInput("a", skipRecord("a", 0, 9000), 9000);
    Overlay restarted = overlays.readValue();
    assertEquals(0, restarted.getSequence());
    assertTrue(restarted.getSkipped());
    assertEquals(-1, restarted.getExplanationSequence(), "the old run's explanation is forgotten");
  }

  private static int count(org.apache.kafka.streams.state.KeyValueStore<?, ?> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
