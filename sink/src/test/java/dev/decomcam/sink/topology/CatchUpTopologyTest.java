package dev.decomcam.sink.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.live.CatchUp;
import dev.decomcam.sink.render.Explanations;
import dev.decomcam.sink.render.OverlayRenderer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink draws a late live frame smaller, passes a very late one through undrawn, and draws a
 * recording's frame whole however late.
 */
class CatchUpTopologyTest {
  @TempDir Path stateDir;

  private final AtomicLong now = new AtomicLong();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Frame> frames;
  private TestInputTopic<String, Explanation> explanations;
  private TestOutputTopic<String, Overlay> overlays;
  private byte[] jpeg;

  @BeforeEach
  void setUp() {
    SinkConfig cfg =
        SinkConfig.load(
            null,
            Map.of(),
            Map.of("state.dir", stateDir.toString(), SinkConfig.OVERLAY_LIVE_MAX_LAG, "500"));
    SinkTopology.Deps deps = SinkTopology.Deps.of(cfg);
    deps =
        new SinkTopology.Deps(
            deps.frames(),
            deps.explanations(),
            deps.overlays(),
            deps.deadLetter(),
            new OverlayRenderer(),
            deps.jpeg(),
            deps.maxPendingFrames(),
            now::get,
            deps.maxRecordBytes(),
            deps.pixelLimit(),
            deps.maxPendingRecordingFrames(),
            deps.catchUp(),
            deps.cameras(),
            deps.cameraIdleMs(),
            deps.metrics());
    Properties props = SinkTopology.streamsConfig(cfg);
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    driver = new TopologyTestDriver(SinkTopology.build(deps), props);
    frames =
        driver.createInputTopic(
            Topics.FRAMES.name(), new StringSerializer(), Topics.FRAME_SERDE.serializer());
    explanations =
        driver.createInputTopic(
            Topics.EXPLANATIONS.name(),
            new StringSerializer(),
            Topics.EXPLANATION_SERDE.serializer());
    overlays =
        driver.createOutputTopic(
            Topics.OVERLAYS.name(), new StringDeserializer(), Topics.OVERLAY_SERDE.deserializer());
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(100, 100, 300, 200);
    g.dispose();
    jpeg = new JpegCodec(0.85).encode(img).bytes();
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  /**
   * Frame {@code seq} of {@code cam} captured at 1000 + seq (as {@link Explanations#of} says) and
   * its explanation, drawn at {@code at}.
   */
  private Overlay drawn(String cam, long seq, boolean live, long at) {
    return drawn(cam, seq, 1000 + seq, live, at, false);
  }

  /**
   * Frame {@code seq} of {@code cam} captured at {@code captureMs} and its explanation (piped
   * before the frame if {@code explanationFirst}), drawn at {@code at}.
   */
  private Overlay drawn(
      String cam, long seq, long captureMs, boolean live, long at, boolean explanationFirst) {
    now.set(at);
    Frame frame = frame(cam, seq, captureMs, live);
    Explanation explanation = explanation(cam, seq, captureMs);
    if (explanationFirst) {
      explanations.pipeInput(cam, explanation, 1000);
    }
    frames.pipeInput(cam, frame, 1000);
    if (!explanationFirst) {
      explanations.pipeInput(cam, explanation, 1000);
    }
    List<Overlay> out = overlays.readValuesToList();
    assertEquals(1, out.size(), "one overlay per frame");
    return out.get(0);
  }

  private Frame frame(String cam, long seq, long captureMs, boolean live) {
    return Frame.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(captureMs)
        .setPtsMicros(seq * 40_000)
        .setWidth(640)
        .setHeight(480)
        .setEncoding("jpeg")
        .setImage(ByteBuffer.wrap(jpeg))
        .setSource("test")
        .setLive(live)
        .build();
  }

  private static Explanation explanation(String cam, long seq, long captureMs) {
    return Explanation.newBuilder(
            Explanations.of(
                cam,
                seq,
                List.of(80f, 0f, 480f, 480f),
                112,
                112,
                List.of(Explanations.component(0, 1f, Explanations.blob(7, 7, 3, 3, 1)))))
        .setCaptureTimestampMs(captureMs)
        .build();
  }

  @Test
  void aLiveFrameWithinTheBoundIsDrawnWhole() {
    Overlay o = drawn("cam", 0, true, 1400);
    assertEquals(1, o.getReduction());
    assertEquals(640, o.getWidth());
    assertEquals(640, JpegCodec.decode(o.getImage()).getWidth());
  }

  @Test
  void lateLiveFramesAreDrawnAtHalfThenQuarterSize() {
    Overlay half = drawn("cam", 0, true, 1900);
    assertEquals(2, half.getReduction());
    assertEquals(320, half.getWidth());
    BufferedImage img = JpegCodec.decode(half.getImage());
    assertEquals(320, img.getWidth());
    assertTrue(img.getHeight() > 240, "frame and header: " + img.getHeight());

    Overlay quarter = drawn("cam", 1, true, 2501);
    assertEquals(4, quarter.getReduction());
    assertEquals(160, quarter.getWidth());
    assertEquals(1500, quarter.getLatencyMs());
  }

  @Test
  void aVeryLateLiveFrameIsPassedThroughUndrawn() {
    Overlay o = drawn("cam", 0, true, 1000 + 2001);
    assertEquals(CatchUp.PASS_THROUGH, o.getReduction());
    assertEquals(640, o.getWidth());
    assertEquals(480, o.getHeight());
    assertArrayEquals(jpeg, bytes(o.getImage()), "the frame as captured");
    assertEquals("bald eagle", o.getLabel(), "the explanation's fields still come with it");
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  @Test
  void aRecordingsFrameIsDrawnWholeHoweverLate() {
    Overlay o = drawn("rec", 0, false, 60_000);
    assertEquals(1, o.getReduction());
    assertEquals(640, o.getWidth());
  }

  @Test
  void aSlowCamerasWaitForItsNextFrameIsNotCountedAsLate() {
    // 2 frames a second: an explanation that comes after its frame waits (in the service) for the
    // camera's next frame, so its overlay comes up to 500 ms later than the sink's own delay
    drawn("slow", 0, 10_000, true, 10_100, false);
    Overlay o = drawn("slow", 1, 10_500, true, 10_500 + 900, false);
    assertEquals(900, o.getLatencyMs());
    assertEquals(1, o.getReduction(), "900 ms less the 500 ms wait is within the 500 ms bound");

    // 25 frames a second: the same latency is 860 ms late
    drawn("fast", 0, 10_000, true, 10_100, false);
    assertEquals(2, drawn("fast", 1, 10_040, true, 10_040 + 900, false).getReduction());

    // the slow camera's explanation came first: nothing waited for a frame
    assertEquals(2, drawn("slow", 2, 11_000, true, 11_000 + 900, true).getReduction());
  }

  @Test
  void aLiveFrameWhoseExplanationIsOverdueIsDrawnWithTheLatestAndItsRecordDroppedLater() {
    drawn("cam", 0, 1000, true, 1100, false);
    // frames 1 and 2 wait for explanations that do not come (the processor is down)
    frames.pipeInput("cam", frame("cam", 1, 1040, true), 1040);
    frames.pipeInput("cam", frame("cam", 2, 1080, true), 1080);
    now.set(1040 + CatchUp.DEFAULT_EXPLANATION_WAIT_MS);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertTrue(overlays.isEmpty(), "not overdue yet: waited exactly the limit");

    now.set(1040 + CatchUp.DEFAULT_EXPLANATION_WAIT_MS + 1);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    List<Overlay> out = overlays.readValuesToList();
    assertEquals(1, out.size(), "frame 1 only: frame 2 is still in time");
    Overlay o = out.get(0);
    assertEquals(1, o.getSequence());
    assertTrue(o.getSkipped());
    assertTrue(o.getOverdue(), "not the processor's skip: it did not answer");
    assertTrue(o.getSkipReason().contains("overlay.explanation.wait.ms"), o.getSkipReason());
    assertEquals(0, o.getExplanationSequence(), "the camera's latest explanation");
    assertEquals(1, o.getExplanationAgeFrames());
    assertEquals(40, o.getExplanationAgeMs());
    assertEquals(1, o.getReduction(), "the wait for the explanation is not the sink being late");

    now.set(1080 + CatchUp.DEFAULT_EXPLANATION_WAIT_MS + 1);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertEquals(List.of(2L), sequences(overlays.readValuesToList()));

    // the processor is back: its records for the frames drawn are dropped, the next is drawn
    explanations.pipeInput("cam", SinkTopologyTest.skipRecord("cam", 1, 1040), 1040);
    explanations.pipeInput("cam", explanation("cam", 2, 1080), 1080);
    assertTrue(overlays.isEmpty(), "one overlay per frame");
    Overlay next = drawn("cam", 3, 3200, true, 3250, false);
    assertEquals(3, next.getExplanationSequence());
    assertTrue(!next.getSkipped());
    assertTrue(!next.getOverdue());
    assertEquals("", next.getSkipReason());
  }

  @Test
  void aRecordingsFrameWaitsForItsExplanationHoweverLong() {
    frames.pipeInput("rec", frame("rec", 0, 1000, false), 1000);
    now.set(1000 + 10 * CatchUp.DEFAULT_EXPLANATION_WAIT_MS);
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    assertTrue(overlays.isEmpty(), "a recording's frame is owed its own explanation");
    explanations.pipeInput("rec", explanation("rec", 0, 1000), 1000);
    assertEquals(List.of(0L), sequences(overlays.readValuesToList()));
  }

  private static List<Long> sequences(List<Overlay> out) {
    return out.stream().map(Overlay::getSequence).toList();
  }
}
