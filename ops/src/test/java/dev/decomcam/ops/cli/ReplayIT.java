package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.ingest.FramePublisher;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.ops.pipeline.LocalPipeline;
import dev.decomcam.ops.pipeline.OutputWatcher;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.record.SegmentIndex;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay from a real broker holding {@link #SECONDS} s of capture time of {@link #CAMERAS} cameras
 * at {@link #FPS} frames/s (published at once, with synthetic capture times), explained and
 * recorded by the whole pipeline in 10 s segments on the clock. A 10 s window of one camera, the
 * span of one recorded segment, replays exactly that segment's frames, in order, into the MP4; the
 * live consumer groups' committed offsets do not move and no group is added; the progress bar is
 * printed; explained again with Grad-CAM the window gives one saliency map and JSON per frame, and
 * with {@code --to-topic} one Explanation record per frame of the window, in order, in that topic.
 */
class ReplayIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final List<String> CAMERAS = List.of("cam-a", "cam-b", "cam-c");
  static final int SECONDS = 62;
  static final int FPS = 2;
  static final long SEGMENT_MS = 10_000;

  @Test
  void aWindowReplaysExactlyItsFramesWithoutDisturbingLiveGroups(@TempDir Path dir)
      throws Exception {
    KAFKA.createTopics(2, LocalPipeline.TOPICS);
    // on a segment boundary, some minutes back, so the window below is one whole segment
    long t0 = (System.currentTimeMillis() - 5 * 60_000) / SEGMENT_MS * SEGMENT_MS;
    Path recordings = dir.resolve("recordings");
    Map<String, String> processor =
        Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString());
    Map<String, String> sink =
        Map.of(
            "record", "true",
            "fps", Integer.toString(FPS),
            "record.segment.seconds", Long.toString(SEGMENT_MS / 1000),
            "output.dir", recordings.toString());
    int perCamera = SECONDS * FPS;
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), dir, processor, sink, ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      publish(t0, perCamera);
      Map<String, Integer> expected = new HashMap<>();
      CAMERAS.forEach(c -> expected.put(c, perCamera));
      assertTrue(
          watcher.awaitOverlays(expected, Duration.ofMinutes(3)),
          "overlays so far: " + watcher.overlaid().getOrDefault("cam-b", List.of()).size());

      // the recorded segment of cam-b holding [t0 + 20 s, t0 + 30 s), closed by the next one
      long from = t0 + 2 * SEGMENT_MS;
      long to = from + SEGMENT_MS;
      SegmentIndex.Entry segment = awaitSegment(recordings, "cam-b", from, Duration.ofSeconds(60));
      assertEquals(SEGMENT_MS / 1000 * FPS, segment.frames(), segment.toString());

      Map<String, Map<TopicPartition, OffsetAndMetadata>> before = settledGroupOffsets();
      assertTrue(before.size() >= 2, "live groups: " + before.keySet());

      Path mp4Dir = dir.resolve("replay");
      String[] out =
          run(
              "replay",
              "--camera",
              "cam-b",
              "--from",
              Instant.ofEpochMilli(from).toString(),
              "--to",
              Long.toString(to),
              "--bootstrap.servers",
              KAFKA.bootstrapServers(),
              "--out",
              mp4Dir.toString());
      assertEquals("0", out[0], "replay failed: " + out[2]);
      assertTrue(
          out[2].contains("records/s") && out[2].contains("ETA"), "no progress bar:\n" + out[2]);
      List<SegmentIndex.Entry> replayed = SegmentIndex.read(SegmentIndex.fileFor(mp4Dir, "cam-b"));
      assertEquals(1, replayed.size());
      SegmentIndex.Entry r = replayed.get(0);
      assertEquals(segment.frames(), r.frames(), "frames replayed vs recorded: " + r);
      assertEquals(segment.firstSequence(), r.firstSequence());
      assertEquals(segment.lastSequence(), r.lastSequence());
      assertEquals(segment.firstCaptureMs(), r.firstCaptureMs());
      assertEquals(segment.lastCaptureMs(), r.lastCaptureMs());
      // gap-free sequences written in order: first to last, each once
      assertEquals(r.lastSequence() - r.firstSequence() + 1, r.frames());
      assertEquals(r.frames(), decodedFrames(mp4Dir.resolve(r.file())));
      assertTrue(out[1].contains("0 without an overlay"), out[1]);

      assertEquals(before, groupOffsets(), "live consumer groups' offsets moved");

      Path explained = dir.resolve("gradcam");
      String[] ex =
          run(
              "replay",
              "--camera",
              "cam-b",
              "--from",
              Long.toString(from),
              "--to",
              Long.toString(to),
              "--bootstrap.servers",
              KAFKA.bootstrapServers(),
              "--model",
              ROOT.resolve("models/demo-shapes/spec.json").toString(),
              "--method",
              "gradcam",
              "--out",
              explained.toString());
      assertEquals("0", ex[0], "re-explaining failed: " + ex[2]);
      assertEquals(r.frames(), count(explained, ".saliency.npy"));
      assertEquals(r.frames(), count(explained, ".json"));
      assertTrue(
          Files.exists(explained.resolve(String.format("cam-b-%06d.json", r.firstSequence()))));
      assertEquals(before, groupOffsets(), "live consumer groups' offsets moved");

      String[] toTopic =
          run(
              "replay",
              "--camera",
              "cam-b",
              "--from",
              Long.toString(from),
              "--to",
              Long.toString(to),
              "--bootstrap.servers",
              KAFKA.bootstrapServers(),
              "--model",
              ROOT.resolve("models/demo-shapes/spec.json").toString(),
              "--method",
              "gradcam",
              "--to-topic",
              "incident-gradcam");
      assertEquals("0", toTopic[0], "re-explaining into a topic failed: " + toTopic[2]);
      List<ConsumerRecord<String, Explanation>> records = readAll("incident-gradcam");
      assertEquals(r.frames(), records.size(), "one explanation per frame of the window");
      long expectedSeq = r.firstSequence();
      for (ConsumerRecord<String, Explanation> rec : records) {
        assertEquals("cam-b", rec.key());
        assertEquals("cam-b", rec.value().getCameraId());
        assertEquals("gradcam", rec.value().getMethod());
        assertEquals(expectedSeq++, rec.value().getSequence(), "in sequence order");
        assertTrue(rec.value().getCaptureTimestampMs() >= from);
        assertTrue(rec.value().getCaptureTimestampMs() < to);
      }
      assertEquals(r.lastSequence() + 1, expectedSeq);
      assertEquals(before, groupOffsets(), "live consumer groups' offsets moved");
    }
  }

  /** Every record of {@code topic} (committed ones), read without a consumer group. */
  private static List<ConsumerRecord<String, Explanation>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, Explanation>> out = new ArrayList<>();
    try (KafkaConsumer<String, Explanation> c =
        new KafkaConsumer<>(
            p, Serdes.String().deserializer(), Topics.EXPLANATION_SERDE.deserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Every camera's frames, interleaved in capture order, 1000 / FPS ms apart from {@code t0}. */
  private static void publish(long t0, int perCamera) throws Exception {
    JpegCodec jpeg = new JpegCodec(0.85);
    List<FramePublisher> pubs = new ArrayList<>();
    for (String c : CAMERAS) {
      Producer<String, Frame> p =
          FramePublisher.createProducer(
              FramePublisher.producerProperties(KAFKA.bootstrapServers(), c, null));
      pubs.add(new FramePublisher(p, "frames", c, "synthetic", false));
    }
    for (int i = 0; i < perCamera; i++) {
      for (int c = 0; c < pubs.size(); c++) {
        pubs.get(c).publish(jpeg.encode(image(c, i)), i * 1_000_000L / FPS, t0 + i * 1000L / FPS);
      }
    }
    for (FramePublisher p : pubs) {
      p.close();
      assertEquals(perCamera, p.acknowledged());
    }
  }

  private static BufferedImage image(int camera, int i) {
    BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 96, 96);
    g.setColor(camera == 1 ? Color.RED : Color.YELLOW);
    g.fillOval(8 + i % 60, 30, 28, 28);
    g.dispose();
    return img;
  }

  private static SegmentIndex.Entry awaitSegment(
      Path dir, String camera, long firstMs, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path index = SegmentIndex.fileFor(dir, camera);
    while (true) {
      if (Files.exists(index)) {
        for (SegmentIndex.Entry e : SegmentIndex.read(index)) {
          if (e.firstCaptureMs() == firstMs) {
            return e;
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no recorded segment of " + camera + " from " + firstMs + " in " + index);
      }
      Thread.sleep(200);
    }
  }

  /**
   * Committed offsets of every consumer group once the live services have caught up: unchanged for
   * longer than the overlay feed's auto-commit interval (5 s), so what the replays are compared
   * against is not a group still reading the pipeline's last overlays.
   */
  private static Map<String, Map<TopicPartition, OffsetAndMetadata>> settledGroupOffsets()
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Map<String, Map<TopicPartition, OffsetAndMetadata>> last = groupOffsets();
    long stableSince = System.nanoTime();
    while (System.nanoTime() - stableSince < Duration.ofSeconds(6).toNanos()
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
      Map<String, Map<TopicPartition, OffsetAndMetadata>> now = groupOffsets();
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  /** Committed offsets of every consumer group on the broker. */
  private static Map<String, Map<TopicPartition, OffsetAndMetadata>> groupOffsets()
      throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<String, Map<TopicPartition, OffsetAndMetadata>> out = new HashMap<>();
      for (GroupListing g : admin.listGroups().all().get()) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
        if (!offsets.isEmpty()) {
          out.put(g.groupId(), offsets);
        }
      }
      return out;
    }
  }

  /** Runs ./decomcam with stdout and stderr captured: exit code, stdout, stderr. */
  private static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      rc = Decomcam.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String so = o.toString(StandardCharsets.UTF_8);
    String se = e.toString(StandardCharsets.UTF_8);
    System.out.println(so);
    System.out.println(se);
    return new String[] {Integer.toString(rc), so, se};
  }

  private static long decodedFrames(Path mp4) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toString())) {
      g.start();
      long n = 0;
      while (g.grabImage() != null) {
        n++;
      }
      return n;
    }
  }

  private static long count(Path dir, String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }
}
