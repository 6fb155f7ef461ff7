package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.processor.topology.ExplainTopology;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile producer floods the frames topic of a real KRaft broker with {@link #FLOOD} distinct
 * camera ids ({@link #FRAMES_EACH} tiny valid JPEG frames each, half of them live, half
 * recordings), while processor and sink run in process as the services do (bundled demo model,
 * recording on, dashboard on), with {@code cameras.max} {@link #CAP} and {@code camera.idle.ms}
 * {@link #IDLE_MS} on both. The figures (before the flood, its peak, after the idle time) are
 * printed for the README; asserted: the cameras kept never exceed the caps, every per-camera store
 * is empty again after the idle time, the dashboard and the recorder hold nothing, heap after GC
 * and the JVM's open file descriptors are back within a margin of their level before, both services
 * stay RUNNING, and a normal camera sent afterwards is explained and overlaid in full.
 */
class ManyCamerasIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final int FLOOD = 10_000;
  static final int FRAMES_EACH = 3;
  static final int CAP = 64;
  static final int IDLE_MS = 4_000;

  /**
   * Heap after GC may grow this much over the flood: 3.2 KB per flooding camera (32 MB). What grows
   * honestly is not per camera: the embedded broker's and the Kafka clients' buffers after 60,000
   * records (the flood and its dead letters), caches warmed by the dead-letter paths. What it
   * catches: per-camera state left behind on the heap, such as the dashboard's (several KB per
   * camera) or a decoded latest explanation (tens of KB); smaller leftovers (a map entry and an id)
   * are caught by the exact counts of stores and maps instead.
   */
  static final long HEAP_MARGIN = FLOOD * 3200L;

  /**
   * Open descriptors may differ this much: Kafka connections and RocksDB table files come and go
   * with compactions, while one leaked recording per admitted camera would be {@link #CAP}.
   */
  static final int FD_MARGIN = 24;

  @Test
  void tenThousandCameraIdsLeaveMemoryAndFilesFlat(@TempDir Path out) throws Exception {
    KAFKA.createTopics(2, LocalPipeline.TOPICS);
    Map<String, String> processor =
        Map.of(
            "model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString(),
            "cameras.max", String.valueOf(CAP),
            "camera.idle.ms", String.valueOf(IDLE_MS));
    Map<String, String> sink =
        Map.of(
            "cameras.max", String.valueOf(CAP),
            "camera.idle.ms", String.valueOf(IDLE_MS),
            "record", "true",
            "record.segment.seconds", "0",
            "dashboard.port", String.valueOf(freePort()),
            "dashboard.idle.seconds", String.valueOf(IDLE_MS / 1000));
    JpegCodec jpeg = new JpegCodec(0.8);
    long started = System.nanoTime();
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), out, processor, sink, ExplainMetrics.NONE);
        KafkaProducer<byte[], byte[]> producer = producer()) {
      // warm up every part (model, renderer, encoder, dashboard) with one normal camera, which
      // is then forgotten like any other
      sendCamera(producer, jpeg, "warm-up", 5, false);
      try (OutputWatcher w = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
        assertTrue(w.awaitOverlays(Map.of("warm-up", 5), Duration.ofSeconds(60)), "warm-up");
      }
      awaitForgotten(pipeline, Duration.ofSeconds(30));
      Figures before = Figures.of(pipeline);

      Figures peak = before;
      byte[][] images = new byte[4][];
      for (int i = 0; i < images.length; i++) {
        images[i] = jpeg.encode(scene(i)).bytes();
      }
      // a producer of its own, closed after the flood: its buffer pool is the test's, not the
      // pipeline's
      try (KafkaProducer<byte[], byte[]> flood = producer()) {
        for (int c = 0; c < FLOOD; c++) {
          String cam = "flood-" + c;
          for (int s = 0; s < FRAMES_EACH; s++) {
            send(flood, frame(cam, s, images[(c + s) % images.length], c % 2 == 0));
          }
          if (c % 1000 == 999) {
            flood.flush();
            peak = peak.max(Figures.of(pipeline, false));
          }
        }
      }
      long flooded = System.nanoTime();
      // through the flood: sample until every camera is forgotten
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      Figures now = Figures.of(pipeline, false);
      while (System.nanoTime() < deadline && !now.empty()) {
        peak = peak.max(now);
        Thread.sleep(500);
        now = Figures.of(pipeline, false);
      }
      long forgotten = System.nanoTime();
      Figures after = Figures.of(pipeline);
      System.out.printf(
          "ManyCamerasIT: %d camera ids x %d frames, cameras.max=%d, camera.idle.ms=%d; flood"
              + " sent in %.1f s, all forgotten %.1f s after (heap: after GC before and after, in"
              + " use at the peak)%n  before: %s%n  peak:   %s%n  after:  %s%n",
          FLOOD,
          FRAMES_EACH,
          CAP,
          IDLE_MS,
          (flooded - started) / 1e9,
          (forgotten - flooded) / 1e9,
          before,
          peak,
          after);

      assertTrue(after.empty(), "every camera forgotten everywhere: " + after);
      assertTrue(peak.processorCameras() <= CAP, "processor kept at most cameras.max: " + peak);
      assertTrue(peak.joinCameras() <= CAP, "sink kept at most cameras.max: " + peak);
      assertTrue(peak.joinCameras() > 0 && peak.processorCameras() > 0, "the flood was seen");
      assertTrue(peak.recorderOpen() <= CAP, "open recordings at most cameras.max: " + peak);
      assertTrue(peak.dashboardCameras() <= 64, "dashboard at most its 64 cameras: " + peak);
      assertTrue(
          after.heapBytes() - before.heapBytes() < HEAP_MARGIN,
          "heap after GC within " + HEAP_MARGIN + " bytes of before: " + before + " / " + after);
      assertTrue(
          after.fds() - before.fds() <= FD_MARGIN,
          "open files within " + FD_MARGIN + " of before: " + before + " / " + after);
      assertEquals(KafkaStreams.State.RUNNING, pipeline.processorState());
      assertEquals(KafkaStreams.State.RUNNING, pipeline.sinkState());

      // a normal camera after the flood is served from its first frame
      sendCamera(producer, jpeg, "after-flood", 6, false);
      try (OutputWatcher w = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
        assertTrue(
            w.awaitOverlays(Map.of("after-flood", 6), Duration.ofSeconds(60)),
            "the camera after the flood is overlaid");
        // the explanations topic may still be behind the dead letters in this consumer's reads
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (w.explained().getOrDefault("after-flood", List.of()).size() < 6
            && System.nanoTime() < until) {
          w.poll(Duration.ofMillis(200));
        }
        w.poll(Duration.ofSeconds(1)); // duplicates, if any, would arrive here
        List<Long> all = LongStream.range(0, 6).boxed().toList();
        assertEquals(all, w.explained().get("after-flood"), "explained once each");
        assertEquals(all, w.overlaid().get("after-flood"), "overlaid once each");
      }
    }
  }

  /** What the pipeline holds per camera, and the JVM's heap and descriptors. */
  record Figures(
      long processorCameras,
      long processorStates,
      long joinCameras,
      long joinEntries,
      long dashboardCameras,
      long recorderOpen,
      long recorderCameras,
      long heapBytes,
      long fds) {

    static Figures of(LocalPipeline p) throws Exception {
      return of(p, true);
    }

    /** With {@code gc}, heap is measured after full collections (else as it is: the peak). */
    static Figures of(LocalPipeline p, boolean gc) throws Exception {
      Map<String, Long> s = p.sink().perCamera();
      if (gc) {
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(300);
        }
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long fds;
      try (Stream<Path> f = Files.list(Path.of("/proc/self/fd"))) {
        fds = f.count();
      }
      return new Figures(
          p.processor().storeEntries(ExplainTopology.SEQUENCE_STORE),
          p.processor().storeEntries(ExplainTopology.CAMERA_STORE),
          s.get("join.cameras"),
          s.get("sink-camera-progress")
              + s.get("sink-pending-frames")
              + s.get("sink-pending-explanations")
              + s.get("sink-latest-explanation"),
          s.get("dashboard.cameras"),
          s.get("recorder.open"),
          s.get("recorder.cameras"),
          heap,
          fds);
    }

    /** Nothing kept for any camera (a store that cannot be queried now counts as not empty). */
    boolean empty() {
      return processorCameras == 0
          && processorStates == 0
          && joinCameras == 0
          && joinEntries == 0
          && dashboardCameras == 0
          && recorderOpen == 0
          && recorderCameras == 0;
    }

    Figures max(Figures o) {
      return new Figures(
          Math.max(processorCameras, o.processorCameras),
          Math.max(processorStates, o.processorStates),
          Math.max(joinCameras, o.joinCameras),
          Math.max(joinEntries, o.joinEntries),
          Math.max(dashboardCameras, o.dashboardCameras),
          Math.max(recorderOpen, o.recorderOpen),
          Math.max(recorderCameras, o.recorderCameras),
          Math.max(heapBytes, o.heapBytes),
          Math.max(fds, o.fds));
    }

    @Override
    public String toString() {
      return String.format(
          "processor cameras %d (states %d), sink join cameras %d (store entries %d), dashboard"
              + " cameras %d, recordings open %d (cameras %d), heap %.1f MB, open fds %d",
          processorCameras,
          processorStates,
          joinCameras,
          joinEntries,
          dashboardCameras,
          recorderOpen,
          recorderCameras,
          heapBytes / 1e6,
          fds);
    }
  }

  /** Waits until nothing is kept for any camera (the warm-up camera has been forgotten). */
  private static void awaitForgotten(LocalPipeline p, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Figures.of(p, false).empty()) {
      assertTrue(System.nanoTime() < deadline, "not forgotten: " + Figures.of(p, false));
      Thread.sleep(250);
    }
  }

  private static void sendCamera(
      KafkaProducer<byte[], byte[]> producer, JpegCodec jpeg, String cam, int n, boolean live) {
    for (int s = 0; s < n; s++) {
      send(producer, frame(cam, s, jpeg.encode(scene(s)).bytes(), live));
    }
    producer.flush();
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, Frame f) {
    producer.send(
        new ProducerRecord<>(
            Topics.FRAMES.name(),
            f.getCameraId().getBytes(StandardCharsets.UTF_8),
            Topics.FRAME_SERDE.encode(f)));
  }

  static Frame frame(String camera, long seq, byte[] image, boolean live) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(System.currentTimeMillis())
        .setPtsMicros(seq * 100_000)
        .setWidth(64)
        .setHeight(48)
        .setEncoding("jpeg")
        .setImage(ByteBuffer.wrap(image))
        .setSource("ManyCamerasIT")
        .setLive(live)
        .build();
  }

  /** A tiny frame: a coloured square on grey. */
  private static BufferedImage scene(int i) {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 64, 48);
    g.setColor(i % 2 == 0 ? Color.RED : Color.BLUE);
    g.fillRect(4 + 4 * (i % 8), 10, 16, 16);
    g.dispose();
    return img;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
