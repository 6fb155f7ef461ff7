package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.schemas.ComponentEvent;
import dev.decomcam.schemas.ComponentEventType;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.schemas.serde.Topics;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the production topology in TopologyTestDriver with {@link ColourModel} standing in for DJL.
 */
class ExplainTopologyTest {
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> frames;
  private TestOutputTopic<String, Explanation> explanations;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private ExplainTopology.Options options = options(1, 20, CameraCap.DEFAULT, 0);

  /**
   * The test topics and limits, a live frame skipped after 300 ms, with {@code batchFrames} per
   * forward lingering {@code batchLingerMs}, {@code maxCameras}, and stream threads lowered by
   * {@code liveThreadNice} on their first live frame.
   */
  private static ExplainTopology.Options options(
      int batchFrames, long batchLingerMs, int maxCameras, int liveThreadNice) {
    return new ExplainTopology.Options(
        "frames",
        "explanations",
        "dead-letter",
        "component-events",
        64 * 1024,
        60_000,
        batchFrames,
        batchLingerMs,
        300,
        dev.decomcam.common.image.PixelLimit.DEFAULT,
        maxCameras,
        liveThreadNice);
  }

  private TestOutputTopic<String, ComponentEvent> events;

  @BeforeEach
  void setUp() {
    start(new DecomCam(DecomCamConfig.defaults().withSigma(2)));
  }

  private void start(SaliencyMethod method) {
    start(method, ExplainMetrics.NONE, Instant.now());
  }

  /** Starts the topology with {@code metrics}, its wall clock at {@code now}. */
  private void start(SaliencyMethod method, ExplainMetrics metrics, Instant now) {
    if (driver != null) {
      driver.close();
    }
    FrameExplainer explainer = new FrameExplainer(new ColourModel(), method, -1);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "explain-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(ExplainTopology.build(options, () -> explainer, metrics), p, now);
    frames =
        driver.createInputTopic(
            "frames", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    explanations =
        driver.createOutputTopic(
            "explanations",
            Serdes.String().deserializer(),
            Topics.EXPLANATION_SERDE.deserializer());
    deadLetters =
        driver.createOutputTopic(
            "dead-letter", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    events =
        driver.createOutputTopic(
            "component-events",
            Serdes.String().deserializer(),
            Topics.COMPONENT_EVENT_SERDE.deserializer());
  }

  @Test
  void streamingKeepsEachCamerasComponentsAndExpiresIdleCameras() throws Exception {
    start(new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2))));
    for (int seq = 0; seq < 4; seq++) {
      for (String cam : List.of("a", "b")) {
        frames.pipeInput(
            cam.getBytes(),
            Topics.FRAME_SERDE.encode(frame(cam, seq, jpeg(redSquareAt(cam.equals("a"))))));
      }
    }
    List<Explanation> out = explanations.readValuesToList();
    assertEquals(8, out.size());
    for (Explanation e : out) {
      assertEquals("streaming", e.getMode());
      // the first frame of each camera starts cold; the rest reuse that camera's stored components
      assertEquals(e.getSequence() == 0, e.getReset(), e.getCameraId() + "#" + e.getSequence());
    }
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ExplainTopology.CAMERA_STORE);
    assertNotNull(store.get("a"));
    assertNotNull(store.get("b"));
    List<ComponentEvent> ev = events.readValuesToList();
    assertTrue(
        ev.stream()
            .anyMatch(
                e -> e.getType() == ComponentEventType.APPEARED && e.getCameraId().equals("a")));
    assertTrue(
        ev.stream()
            .anyMatch(
                e -> e.getType() == ComponentEventType.PERSISTED && e.getCameraId().equals("b")));

    // no frames for longer than camera.idle.ms: both cameras are forgotten, their components vanish
    long idle = options.cameraIdleMs();
    driver.advanceWallClockTime(java.time.Duration.ofMillis(idle + 60_000));
    assertNull(store.get("a"));
    assertNull(store.get("b"));
    List<ComponentEvent> gone = events.readValuesToList();
    assertFalse(gone.isEmpty());
    assertTrue(
        gone.stream()
            .allMatch(
                e -> e.getType() == ComponentEventType.VANISHED && e.getReason().contains("idle")));
  }

  @Test
  void aNewCameraBeyondTheCapIsDeadLetteredUntilAnIdleOneIsForgotten() throws Exception {
    options = options(1, 20, 2, 0);
    start(new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2))));
    byte[] image = jpeg(redSquareAt(true));
    for (String cam : List.of("a", "b", "c")) {
      frames.pipeInput(cam.getBytes(), Topics.FRAME_SERDE.encode(frame(cam, 0, image)));
    }
    assertEquals(
        List.of("a", "b"),
        explanations.readValuesToList().stream().map(Explanation::getCameraId).toList());
    String reason =
        DeadLetters.text(deadLetters.readRecordsToList().get(0).headers(), DeadLetters.ERROR);
    assertTrue(reason.contains("cameras.max=2") && reason.contains("frame c#0"), reason);
    // a camera it keeps goes on, a restart (sequence 0) included
    frames.pipeInput("a".getBytes(), Topics.FRAME_SERDE.encode(frame("a", 1, image)));
    frames.pipeInput("a".getBytes(), Topics.FRAME_SERDE.encode(frame("a", 0, image)));
    assertEquals(2, explanations.readValuesToList().size());
    assertTrue(deadLetters.isEmpty());

    // both go idle and are forgotten: c now has room and starts as a new camera, cold; so does b
    // when it comes back, at whatever sequence (its old last sequence is forgotten with it)
    driver.advanceWallClockTime(Duration.ofMillis(options.cameraIdleMs() + 60_000));
    KeyValueStore<String, byte[]> sequences =
        driver.getKeyValueStore(ExplainTopology.SEQUENCE_STORE);
    assertEquals(0, count(sequences));
    assertEquals(0, count(driver.getKeyValueStore(ExplainTopology.CAMERA_STORE)));
    frames.pipeInput("c".getBytes(), Topics.FRAME_SERDE.encode(frame("c", 5, image)));
    frames.pipeInput("b".getBytes(), Topics.FRAME_SERDE.encode(frame("b", 0, image)));
    List<Explanation> back = explanations.readValuesToList();
    assertEquals(List.of("c", "b"), back.stream().map(Explanation::getCameraId).toList());
    assertTrue(back.stream().allMatch(Explanation::getReset), "each starts cold");
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void batchingExplainsFramesOfSeveralCamerasAsFrameByFrameDoes() throws Exception {
    List<byte[]> input = new ArrayList<>();
    for (int seq = 0; seq < 4; seq++) {
      for (String cam : List.of("a", "b")) {
        input.add(
            Topics.FRAME_SERDE.encode(
                frame(cam, seq, jpeg(redSquareAt((seq + (cam.equals("a") ? 0 : 1)) % 2 == 0)))));
      }
    }
    // a camera of its own: a sequence must not step back within a camera (CameraSequences)
    byte[] notJpeg = Topics.FRAME_SERDE.encode(frame("c", 9, "not a jpeg".getBytes()));
    input.add(3, notJpeg);
    input.remove(
        input.size() - 1); // 8 records: 7 frames and a broken one, so the last batch is partial

    StreamingDecomCam method =
        new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2)));
    start(method);
    input.forEach(v -> frames.pipeInput(new byte[] {1}, v));
    List<Explanation> oneByOne = explanations.readValuesToList();
    assertEquals(7, oneByOne.size());

    options = options(3, 50, CameraCap.DEFAULT, 0);
    start(new StreamingDecomCam(method.config()));
    input.forEach(v -> frames.pipeInput(new byte[] {1}, v));
    // two full batches of three records (one of them dead-lettered at its flush), two frames
    // waiting
    assertEquals(5, explanations.getQueueSize());
    assertEquals(1, deadLetters.getQueueSize());
    KeyValueStore<Long, byte[]> buffer =
        driver.getKeyValueStore(ExplainTopology.FRAME_BUFFER_STORE);
    assertEquals(2, count(buffer));
    // the linger passes: the partial batch goes
    driver.advanceWallClockTime(java.time.Duration.ofMillis(60));
    assertEquals(0, count(buffer));
    List<Explanation> batched = explanations.readValuesToList();
    assertEquals(oneByOne.size(), batched.size());
    for (int i = 0; i < batched.size(); i++) {
      Explanation e = oneByOne.get(i);
      Explanation b = batched.get(i);
      assertEquals(
          e.getCameraId() + "#" + e.getSequence(),
          b.getCameraId() + "#" + b.getSequence(),
          "order");
      assertEquals(e.getReset(), b.getReset());
      assertEquals(
          e.getSaliency().getData(),
          b.getSaliency().getData(),
          "same map for " + e.getCameraId() + "#" + e.getSequence());
      assertEquals(
          e.getComponents().stream().map(c -> c.getId()).toList(),
          b.getComponents().stream().map(c -> c.getId()).toList());
    }
    String reason =
        DeadLetters.text(deadLetters.readRecordsToList().get(0).headers(), DeadLetters.ERROR);
    assertTrue(reason.contains("c#9") && reason.contains("not a decodable jpeg image"), reason);
  }

  private static int count(KeyValueStore<?, byte[]> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void explainsEachFrameOnceInOrderAndFindsTheRedSquare() throws Exception {
    for (int seq = 0; seq < 5; seq++) {
      frames.pipeInput(
          "cam".getBytes(),
          Topics.FRAME_SERDE.encode(frame("cam", seq, jpeg(redSquareAt(seq % 2 == 0)))));
    }
    List<TestRecord<String, Explanation>> out = explanations.readRecordsToList();
    assertEquals(5, out.size());
    for (int seq = 0; seq < 5; seq++) {
      Explanation e = out.get(seq).value();
      assertEquals("cam", out.get(seq).key());
      assertEquals(seq, e.getSequence());
      assertEquals("red", e.getPredictedLabel());
      assertEquals(ColourModel.SIZE * ColourModel.SIZE, e.getSaliency().getData().remaining());
      // the saliency peak lies in the half of the frame that holds the red square
      int peak = argmax(e.getSaliency().getData());
      boolean left = (peak % ColourModel.SIZE) < ColourModel.SIZE / 2;
      assertEquals(seq % 2 == 0, left, "frame " + seq + " peak at " + peak);
      assertTrue(e.getTimingsMs().containsKey("forward") && e.getTimingsMs().containsKey("total"));
    }
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void badRecordsGoToDeadLetterAndTheStreamGoesOn() throws Exception {
    byte[] garbage = {1, 2, 3};
    byte[] notJpeg = Topics.FRAME_SERDE.encode(frame("cam", 1, "not a jpeg".getBytes()));
    byte[] oversized =
        Topics.FRAME_SERDE.encode(frame("cam", 2, new byte[options.maxFrameBytes() + 1]));
    frames.pipeInput(
        "cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 0, jpeg(redSquareAt(true)))));
    frames.pipeInput("cam".getBytes(), garbage);
    frames.pipeInput("cam".getBytes(), notJpeg);
    frames.pipeInput("cam".getBytes(), oversized);
    frames.pipeInput(
        "cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 3, jpeg(redSquareAt(false)))));

    assertEquals(
        List.of(0L, 3L),
        explanations.readValuesToList().stream().map(Explanation::getSequence).toList());
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertEquals(3, dead.size());
    assertEquals(
        List.of(garbage.length, notJpeg.length, oversized.length),
        dead.stream().map(r -> r.value().length).toList(),
        "original bytes are kept");
    String e1 = DeadLetters.text(dead.get(0).headers(), DeadLetters.ERROR);
    String e2 = DeadLetters.text(dead.get(1).headers(), DeadLetters.ERROR);
    String e3 = DeadLetters.text(dead.get(2).headers(), DeadLetters.ERROR);
    assertTrue(e1.startsWith("corrupt Frame record"), e1);
    assertTrue(e2.contains("cam#1") && e2.contains("not a decodable jpeg image"), e2);
    assertTrue(e3.contains("exceeds frame.max.bytes"), e3);
    assertNotNull(DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET));
    assertEquals("frames", DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC));
    assertTrue(e1.lines().count() == 1 && e2.lines().count() == 1 && e3.lines().count() == 1);
  }

  @Test
  void hostileCameraIdsAndFieldsAreDeadLetteredBeforeTheyAreUsed() throws Exception {
    byte[] image = jpeg(redSquareAt(true));
    String longId = "x".repeat(10_240);
    Frame negative = frame("cam", -4, image);
    Frame noSize = frame("cam", 5, image);
    noSize.setWidth(-640);
    frames.pipeInput("k".getBytes(), Topics.FRAME_SERDE.encode(frame(longId, 0, image)));
    frames.pipeInput("k".getBytes(), Topics.FRAME_SERDE.encode(frame("cam\r\nFAKE LOG", 0, image)));
    frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(negative));
    frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(noSize));
    frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 6, image)));

    assertEquals(
        List.of(6L),
        explanations.readValuesToList().stream().map(Explanation::getSequence).toList());
    List<String> reasons =
        deadLetters.readRecordsToList().stream()
            .map(r -> DeadLetters.text(r.headers(), DeadLetters.ERROR))
            .toList();
    assertEquals(4, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).startsWith("camera id of 10240 characters"), reasons.get(0));
    assertTrue(reasons.get(0).length() < 200, "the id is not repeated: " + reasons.get(0));
    assertTrue(reasons.get(1).contains("'cam\\u000D\\u000AFAKE LOG'"), reasons.get(1));
    assertTrue(reasons.get(2).contains("negative sequence"), reasons.get(2));
    assertTrue(reasons.get(3).contains("size -640x"), reasons.get(3));
  }

  @Test
  void aFrameSteppingBackInItsCameraIsDeadLetteredAndARestartAtZeroIsNot() throws Exception {
    byte[] image = jpeg(redSquareAt(true));
    for (long seq : new long[] {0, 1, 2, 1, 3, 0, 1}) {
      frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", seq, image)));
    }
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 0L, 1L),
        explanations.readValuesToList().stream().map(Explanation::getSequence).toList());
    assertEquals(
        "frame cam#1 after #2: a camera's sequence must increase (a restarted ingest starts again"
            + " at 0): check that only one ingest publishes this camera id",
        DeadLetters.text(deadLetters.readRecord().headers(), DeadLetters.ERROR));
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void imagesOverThePixelLimitAreDeadLetteredWithTheSettingToRaise() throws Exception {
    // a tiny JPEG whose frame header claims 60000 x 60000 pixels
    byte[] bomb = jpeg(redSquareAt(true));
    for (int i = 2; i + 8 < bomb.length; i++) {
      if ((bomb[i] & 0xFF) == 0xFF && (bomb[i + 1] & 0xFF) == 0xC0) {
        bomb[i + 5] = (byte) 0xEA; // height 60000 = 0xEA60
        bomb[i + 6] = 0x60;
        bomb[i + 7] = (byte) 0xEA; // width
        bomb[i + 8] = 0x60;
        break;
      }
    }
    frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 0, bomb)));
    String reason = DeadLetters.text(deadLetters.readRecord().headers(), DeadLetters.ERROR);
    assertTrue(
        reason.contains("JPEG frame of 60000x60000 (3600.0 Mpx) is over the 40.0 Mpx pixel limit")
            && reason.contains("raise image.max.pixels"),
        reason);
    assertTrue(explanations.isEmpty());
  }

  /** Counts explained and skipped frames, and the ages of the skipped ones. */
  private static final class CountingMetrics implements ExplainMetrics {
    final List<String> explained = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<Long> skippedAges = new ArrayList<>();

    @Override
    public void explained(String camera, double seconds, long latencyMs) {
      explained.add(camera);
    }

    @Override
    public void deadLettered(String reason) {}

    @Override
    public void skipped(String camera, long ageMs) {
      skipped.add(camera);
      skippedAges.add(ageMs);
    }
  }

  private static final long T0 = 1_700_000_000_000L;

  /**
   * Pipes frames 0..4 of one camera, captured 40 ms apart, all {@code live} or not: frame 0 young,
   * then the processor stalls for 2 s (frames 1-3 wait, stale by then), then frame 4 arrives young.
   * Returns the camera's stored state after frame 0 and after frame 3.
   */
  private List<byte[]> stallAfterTheFirstFrame(boolean live) throws Exception {
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ExplainTopology.CAMERA_STORE);
    byte[] image = jpeg(redSquareAt(true));
    driver.advanceWallClockTime(Duration.ofMillis(10));
    frames.pipeInput("cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 0, T0, live, image)));
    byte[] afterFirst = store.get("cam");
    driver.advanceWallClockTime(Duration.ofMillis(2_000));
    for (int seq = 1; seq <= 3; seq++) {
      frames.pipeInput(
          "cam".getBytes(),
          Topics.FRAME_SERDE.encode(frame("cam", seq, T0 + 40L * seq, live, image)));
    }
    byte[] afterStale = store.get("cam");
    frames.pipeInput(
        "cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 4, T0 + 2_000, live, image)));
    return List.of(afterFirst, afterStale);
  }

  @Test
  void liveFramesOlderThanTheLagAreSkippedInOrderAndLeaveTheStateAlone() throws Exception {
    CountingMetrics metrics = new CountingMetrics();
    start(
        new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2))),
        metrics,
        Instant.ofEpochMilli(T0));
    List<byte[]> states = stallAfterTheFirstFrame(true);

    List<Explanation> out = explanations.readValuesToList();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), out.stream().map(Explanation::getSequence).toList());
    assertEquals(
        List.of(false, true, true, true, false),
        out.stream().map(Explanation::getSkipped).toList(),
        "frames 1-3 were about 2 s old when they would have been explained");
    for (Explanation skip : out.subList(1, 4)) {
      String where = "cam#" + skip.getSequence();
      assertEquals("cam", skip.getCameraId(), where);
      assertEquals(T0 + 40L * skip.getSequence(), skip.getCaptureTimestampMs(), where);
      assertEquals(
          "frame age "
              + (2_010 - 40L * skip.getSequence())
              + " ms > live.max.lag.ms=300: skipped to keep the live camera current",
          skip.getSkipReason(),
          where);
      assertEquals(out.get(0).getModelId(), skip.getModelId());
      assertEquals("streaming", skip.getMode());
      assertEquals(-1, skip.getPredictedIndex());
      assertEquals(0, skip.getSaliency().getWidth() * skip.getSaliency().getHeight());
      assertTrue(skip.getComponents().isEmpty());
      assertTrue(skip.getTimingsMs().containsKey("decode"));
      assertFalse(skip.getReset());
    }
    assertEquals("", out.get(0).getSkipReason());
    assertTrue(out.get(0).getReset(), "the camera's first frame starts cold");
    assertFalse(
        out.get(4).getReset(), "the next explained frame continues from the stored components");
    assertEquals("red", out.get(4).getPredictedLabel());
    assertTrue(Arrays.equals(states.get(0), states.get(1)), "skipped frames leave the state as is");
    assertTrue(
        events.readValuesToList().stream()
            .noneMatch(e -> e.getSequence() >= 1 && e.getSequence() <= 3),
        "skipped frames have no tracking events");
    assertTrue(deadLetters.isEmpty());
    assertEquals(List.of("cam", "cam"), metrics.explained);
    assertEquals(List.of("cam", "cam", "cam"), metrics.skipped);
    assertEquals(List.of(1_970L, 1_930L, 1_890L), metrics.skippedAges);
  }

  @Test
  void framesThatAreNotLiveAreNeverSkipped() throws Exception {
    CountingMetrics metrics = new CountingMetrics();
    start(
        new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2))),
        metrics,
        Instant.ofEpochMilli(T0));
    stallAfterTheFirstFrame(false);
    List<Explanation> out = explanations.readValuesToList();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), out.stream().map(Explanation::getSequence).toList());
    assertTrue(out.stream().noneMatch(Explanation::getSkipped));
    assertTrue(out.stream().allMatch(e -> e.getPredictedLabel().equals("red")));
    assertEquals(5, metrics.explained.size());
    assertTrue(metrics.skipped.isEmpty());
  }

  @Test
  void withBatchingALiveFrameIsJudgedWhenItsBatchGoes() throws Exception {
    options = options(3, 500, CameraCap.DEFAULT, 0);
    start(
        new DecomCam(DecomCamConfig.defaults().withSigma(2)),
        ExplainMetrics.NONE,
        Instant.ofEpochMilli(T0));
    byte[] image = jpeg(redSquareAt(false));
    // young when they arrive: a live frame and a replayed one wait for their batch
    frames.pipeInput("a".getBytes(), Topics.FRAME_SERDE.encode(frame("a", 0, T0, true, image)));
    frames.pipeInput("b".getBytes(), Topics.FRAME_SERDE.encode(frame("b", 0, T0, false, image)));
    assertTrue(explanations.isEmpty());
    // the partial batch goes when the linger passes, 600 ms later: the live frame is stale by then
    driver.advanceWallClockTime(Duration.ofMillis(600));
    List<Explanation> out = explanations.readValuesToList();
    assertEquals(List.of("a", "b"), out.stream().map(Explanation::getCameraId).toList());
    assertTrue(out.get(0).getSkipped());
    assertTrue(
        out.get(0).getSkipReason().startsWith("frame age 600 ms"), out.get(0).getSkipReason());
    assertFalse(out.get(1).getSkipped());
    assertEquals("red", out.get(1).getPredictedLabel());
  }

  @Test
  void aStreamThreadYieldsOnceItTakesALiveFrameAndNotForARecording() throws Exception {
    Assumptions.assumeTrue(
        java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self")),
        "per-thread nice is Linux-only: skipped");
    options = options(1, 20, CameraCap.DEFAULT, 3);
    driver.close(); // the one setUp started: the new thread starts its own
    driver = null;
    // TopologyTestDriver processes on the thread that pipes: a fresh one, as a stream thread is
    java.util.concurrent.atomic.AtomicReference<Object> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                start(
                    new DecomCam(DecomCamConfig.defaults().withSigma(2)),
                    ExplainMetrics.NONE,
                    Instant.ofEpochMilli(T0));
                byte[] image = jpeg(redSquareAt(true));
                int before = StreamThreadNice.current();
                frames.pipeInput(
                    "rec".getBytes(), Topics.FRAME_SERDE.encode(frame("rec", 0, T0, false, image)));
                int afterRecording = StreamThreadNice.current();
                frames.pipeInput(
                    "cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 0, T0, true, image)));
                int afterLive = StreamThreadNice.current();
                frames.pipeInput(
                    "cam".getBytes(), Topics.FRAME_SERDE.encode(frame("cam", 1, T0, true, image)));
                seen.set(
                    new int[] {
                      before,
                      afterRecording,
                      afterLive,
                      StreamThreadNice.current(),
                      explanations.readValuesToList().size()
                    });
              } catch (Exception | AssertionError e) {
                seen.set(e);
              } finally {
                // the state directory's lock belongs to the thread that took it
                driver.close();
                driver = null;
              }
            });
    t.start();
    t.join();
    setUp(); // a driver for tearDown
    if (seen.get() instanceof Throwable e) {
      throw new AssertionError(e);
    }
    int[] nice = (int[]) seen.get();
    assertEquals(nice[0], nice[1], "a recording's frame leaves the thread's priority");
    assertEquals(Math.min(19, nice[0] + 3), nice[2], "a live frame lowers it");
    assertEquals(nice[2], nice[3], "once");
    assertEquals(3, nice[4], "every frame explained");
  }

  static Frame frame(String camera, long seq, long capturedMs, boolean live, byte[] image) {
    Frame f = frame(camera, seq, image);
    f.setCaptureTimestampMs(capturedMs);
    f.setLive(live);
    return f;
  }

  static Frame frame(String camera, long seq, byte[] image) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(System.currentTimeMillis())
        .setPtsMicros(seq * 40_000)
        .setWidth(64)
        .setHeight(64)
        .setImage(ByteBuffer.wrap(image))
        .setSource("test")
        .build();
  }

  static BufferedImage redSquareAt(boolean left) {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(40, 40, 40));
    g.fillRect(0, 0, 64, 64);
    g.setColor(Color.RED);
    g.fillRect(left ? 4 : 40, 20, 20, 20);
    g.dispose();
    return img;
  }

  static byte[] jpeg(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  static int argmax(ByteBuffer data) {
    int best = 0;
    for (int i = 0; i < data.remaining(); i++) {
      if ((data.get(data.position() + i) & 255) > (data.get(data.position() + best) & 255)) {
        best = i;
      }
    }
    return best;
  }
}
