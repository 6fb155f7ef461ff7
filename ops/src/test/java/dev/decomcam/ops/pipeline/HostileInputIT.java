package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.schemas.serde.Topics;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile records on the frames topic of a real KRaft broker, published as a hostile producer
 * would, between the good frames of {@link #CAMERAS} cameras, with processor and sink running as
 * the services do (bundled demo model): a decompression bomb, a truncated JPEG, a PNG and a GIF
 * where a JPEG is declared, an empty image and an empty record, random bytes as image and as
 * record, an Avro record of an unknown schema, Avro length prefixes that lie (2 GB, negative), a
 * negative sequence and size, a sequence that steps back inside a good camera's stream, a 10 KB
 * camera id, one with control characters, and a valid 3.5 MB JPEG of 30000 × 30000 pixels (which
 * once stopped the sink on its frame store's changelog). Every good frame must be explained and
 * overlaid exactly once, every hostile record must reach the dead-letter topic with its original
 * bytes and a one-line reason naming the problem, and neither service may leave RUNNING (no stream
 * thread lost, no restart).
 */
class HostileInputIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  static final List<String> CAMERAS = List.of("cam-a", "cam-b", "cam-c");
  static final int FRAMES = 12;

  /** A hostile record and what its dead-letter reason must say (any one of the phrases). */
  record Hostile(String name, byte[] key, byte[] value, List<String> reason) {}

  @Test
  void hostileRecordsAreDeadLetteredAndGoodFramesFlowExactlyOnce(@TempDir Path out)
      throws Exception {
    KAFKA.createTopics(2, LocalPipeline.TOPICS);
    Map<String, String> processor =
        Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString());
    List<Hostile> hostile = hostileRecords();
    Set<KafkaStreams.State> seen = EnumSet.noneOf(KafkaStreams.State.class);
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), out, processor, Map.of(), ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {});
        KafkaProducer<byte[], byte[]> producer = producer()) {
      JpegCodec jpeg = new JpegCodec(0.85);
      // after cam-a's frame 5, its frame 1 again: once taken for a restart, which dropped every
      // frame of cam-a then waiting for its explanation
      Hostile back =
          new Hostile(
              "sequence stepping back",
              bytes("cam-a"),
              Topics.FRAME_SERDE.encode(good("cam-a", 1, jpeg.encode(scene(0, 1)).bytes())),
              List.of("a camera's sequence must increase"));
      int next = 0;
      for (int seq = 0; seq < FRAMES; seq++) {
        for (int c = 0; c < CAMERAS.size(); c++) {
          String cam = CAMERAS.get(c);
          byte[] image = jpeg.encode(scene(c, seq)).bytes();
          producer.send(frameRecord(cam, good(cam, seq, image)));
        }
        if (seq == 5) {
          producer.send(new ProducerRecord<>(Topics.FRAMES.name(), back.key(), back.value()));
        }
        // the others interleaved, two per round of good frames
        for (int i = 0; i < 2 && next < hostile.size(); i++, next++) {
          Hostile h = hostile.get(next);
          producer.send(new ProducerRecord<>(Topics.FRAMES.name(), h.key(), h.value()));
        }
        producer.flush();
        watcher.poll(Duration.ofMillis(100));
        seen.add(pipeline.processorState());
        seen.add(pipeline.sinkState());
      }
      assertEquals(hostile.size(), next, "every hostile record was sent between good frames");
      hostile.add(back);

      Map<String, Integer> expected = new LinkedHashMap<>();
      CAMERAS.forEach(cam -> expected.put(cam, FRAMES));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline
          && !(watcher.awaitOverlays(expected, Duration.ofSeconds(1))
              && unexplained(hostile, watcher.deadLetters()).isEmpty())) {
        seen.add(pipeline.processorState());
        seen.add(pipeline.sinkState());
      }
      watcher.poll(Duration.ofSeconds(3)); // duplicates, if any, would arrive here
      seen.add(pipeline.processorState());
      seen.add(pipeline.sinkState());

      System.out.printf(
          "HostileInputIT: explained %s, overlaid %s, %d dead letters, hostile records without"
              + " one: %s, states seen %s%n",
          counts(watcher.explained()),
          counts(watcher.overlaid()),
          watcher.deadLetters().size(),
          unexplained(hostile, watcher.deadLetters()),
          seen);
      List<Long> all = LongStream.range(0, FRAMES).boxed().toList();
      for (String cam : CAMERAS) {
        assertEquals(all, watcher.explained().get(cam), cam + ": explanations, once each");
        assertEquals(all, watcher.overlaid().get(cam), cam + ": overlays, once each");
      }
      assertEquals(
          new TreeSet<>(CAMERAS),
          new TreeSet<>(watcher.explained().keySet()),
          "only the good cameras are explained");
      assertEquals(
          List.of(),
          unexplained(hostile, watcher.deadLetters()),
          "hostile records without a dead letter");
      for (ConsumerRecord<String, byte[]> d : watcher.deadLetters()) {
        String reason = DeadLetters.text(d.headers(), DeadLetters.ERROR);
        assertTrue(
            reason != null && !reason.isBlank() && reason.lines().count() == 1,
            "one-line reason: " + reason);
        assertTrue(reason.length() <= 1000, "a bounded reason: " + reason.length());
        assertTrue(reason.contains(": "), "a reason names the problem and the fix: " + reason);
        assertTrue(
            hostile.stream().anyMatch(h -> Arrays.equals(h.value(), d.value())),
            "only hostile records are dead-lettered, with their original bytes: " + reason);
      }
      assertEquals(
          EnumSet.of(KafkaStreams.State.RUNNING),
          seen,
          "processor and sink stay RUNNING throughout (no failed stream thread, no restart)");
      assertEquals(KafkaStreams.State.RUNNING, pipeline.processorState());
      assertEquals(KafkaStreams.State.RUNNING, pipeline.sinkState());
    }
  }

  private static Map<String, Integer> counts(Map<String, List<Long>> perCamera) {
    Map<String, Integer> n = new TreeMap<>();
    perCamera.forEach(
        (cam, seqs) ->
            n.put(
                (cam.length() > 40 ? cam.substring(0, 40) + "..." : cam)
                    .replaceAll("\\p{Cntrl}", "?"),
                seqs.size()));
    return n;
  }

  /** The hostile records without a dead letter that carries their bytes and an expected reason. */
  private static List<String> unexplained(
      List<Hostile> hostile, List<ConsumerRecord<String, byte[]>> deadLetters) {
    List<String> missing = new ArrayList<>();
    for (Hostile h : hostile) {
      boolean found =
          deadLetters.stream()
              .filter(d -> Arrays.equals(h.value(), d.value()))
              .map(d -> DeadLetters.text(d.headers(), DeadLetters.ERROR))
              .anyMatch(r -> r != null && h.reason().stream().anyMatch(r::contains));
      if (!found) {
        missing.add(h.name());
      }
    }
    return missing;
  }

  private static List<Hostile> hostileRecords() throws Exception {
    Random random = new Random(42);
    byte[] image = new JpegCodec(0.85).encode(scene(0, 0)).bytes();
    List<Hostile> h = new ArrayList<>();
    add(h, "decompression bomb", "evil-bomb", jpegOfSize(60_000, 60_000, 64), "60000x60000");
    add(h, "truncated JPEG", "evil-truncated", Arrays.copyOf(image, image.length / 2), "truncated");
    add(h, "PNG as JPEG", "evil-png", imageIo("png"), "png image where the frame says jpeg");
    add(h, "GIF as JPEG", "evil-gif", imageIo("gif"), "gif image where the frame says jpeg");
    add(h, "empty image", "evil-empty", new byte[0], "carries no image");
    byte[] noise = new byte[5000];
    random.nextBytes(noise);
    noise[0] = 0;
    add(h, "random image bytes", "evil-noise", noise, "not a known image format");
    h.add(new Hostile("empty record", bytes("evil"), new byte[0], List.of("0 bytes", "empty")));
    byte[] randomRecord = new byte[3000];
    random.nextBytes(randomRecord);
    randomRecord[0] = 0;
    h.add(
        new Hostile("random record", bytes("evil"), randomRecord, List.of("corrupt Frame record")));
    byte[] unknown = Topics.FRAME_SERDE.encode(good("evil-schema", 0, image));
    for (int i = 2; i < 10; i++) {
      unknown[i] = (byte) random.nextInt(); // another fingerprint
    }
    h.add(
        new Hostile(
            "unknown schema fingerprint", bytes("evil"), unknown, List.of("unknown Frame schema")));
    h.add(
        new Hostile(
            "Avro length of 2 GB",
            bytes("evil"),
            avroWithCameraIdLength(2_000_000_000L),
            List.of("claims 2000000000 bytes")));
    h.add(
        new Hostile(
            "negative Avro length",
            bytes("evil"),
            avroWithCameraIdLength(-5),
            List.of("negative length")));
    Frame negative = good("evil-negative", -3, image);
    h.add(
        new Hostile(
            "negative sequence",
            bytes("evil-negative"),
            Topics.FRAME_SERDE.encode(negative),
            List.of("negative sequence")));
    Frame sizeless = good("evil-size", 0, image);
    sizeless.setWidth(-640);
    sizeless.setHeight(-480);
    h.add(
        new Hostile(
            "negative size",
            bytes("evil-size"),
            Topics.FRAME_SERDE.encode(sizeless),
            List.of("is not positive")));
    String longId = "x".repeat(10 * 1024);
    h.add(
        new Hostile(
            "10 KB camera id",
            bytes(longId),
            Topics.FRAME_SERDE.encode(good(longId, 0, image)),
            List.of("camera id of 10240 characters")));
    String control = "cam\r\n[ERROR] forged log line\u0007\u001b[31m";
    h.add(
        new Hostile(
            "camera id with control characters",
            bytes(control),
            Topics.FRAME_SERDE.encode(good(control, 0, image)),
            List.of("control character")));
    // a valid baseline JPEG of 30000 x 30000: every 8x8 block is 2 bits of Huffman code, so its
    // 14 million blocks take 3.5 MB
    add(
        h,
        "3.5 MB JPEG of 30000x30000",
        "evil-huge",
        jpegOfSize(30_000, 30_000, -1),
        "30000x30000");
    return h;
  }

  private static void add(List<Hostile> h, String name, String camera, byte[] image, String why) {
    h.add(
        new Hostile(
            name, bytes(camera), Topics.FRAME_SERDE.encode(good(camera, 0, image)), List.of(why)));
  }

  static Frame good(String camera, long seq, byte[] image) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(System.currentTimeMillis())
        .setPtsMicros(seq * 100_000)
        .setWidth(160)
        .setHeight(120)
        .setEncoding("jpeg")
        .setImage(ByteBuffer.wrap(image))
        .setSource("HostileInputIT")
        .build();
  }

  private static ProducerRecord<byte[], byte[]> frameRecord(String camera, Frame f) {
    return new ProducerRecord<>(Topics.FRAMES.name(), bytes(camera), Topics.FRAME_SERDE.encode(f));
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A frame of a good camera: a coloured square moving over a grey scene. */
  private static BufferedImage scene(int camera, int seq) {
    BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 160, 120);
    g.setColor(camera == 0 ? Color.RED : camera == 1 ? Color.GREEN : Color.BLUE);
    g.fillRect(10 + 6 * seq, 30 + 10 * camera, 30, 30);
    g.dispose();
    return img;
  }

  private static byte[] imageIo(String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(scene(1, 1), format, out);
    return out.toByteArray();
  }

  /**
   * A Frame record whose camera id's length prefix says {@code length} (zig-zag varint) with a few
   * bytes after it: the schema's real fingerprint, a lying length.
   */
  private static byte[] avroWithCameraIdLength(long length) {
    byte[] header = Arrays.copyOf(Topics.FRAME_SERDE.encode(good("c", 0, new byte[] {1})), 10);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    long z = (length << 1) ^ (length >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    out.writeBytes(new byte[24]);
    return out.toByteArray();
  }

  /**
   * A baseline grey JPEG of {@code width x height} whose every 8x8 block is flat: one-code Huffman
   * tables make each block 2 zero bits (DC difference 0, end of block). With {@code dataBytes} of 0
   * or more, only that much scan data follows (a "bomb" whose header claims the size); with -1, all
   * of it, a whole valid image.
   */
  static byte[] jpegOfSize(int width, int height, long dataBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    // quantisation table 0: all ones
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 67, 0});
    out.writeBytes(filled(64, 1));
    // frame: 8 bits, height, width, one component (id 1, 1x1 sampling, table 0)
    out.writeBytes(
        new byte[] {
          (byte) 0xFF,
          (byte) 0xC0,
          0,
          11,
          8,
          (byte) (height >> 8),
          (byte) height,
          (byte) (width >> 8),
          (byte) width,
          1,
          1,
          0x11,
          0
        });
    // Huffman tables: DC 0 and AC 0, each one code of length 1 for symbol 0
    for (int tableClass : new int[] {0x00, 0x10}) {
      out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, (byte) tableClass, 1});
      out.writeBytes(new byte[15]);
      out.write(0);
    }
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0});
    long blocks = ((width + 7L) / 8) * ((height + 7L) / 8);
    long bytes = dataBytes >= 0 ? dataBytes : (blocks * 2 + 7) / 8;
    out.writeBytes(new byte[(int) bytes]);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
