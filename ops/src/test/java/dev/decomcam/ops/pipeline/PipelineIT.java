package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.schemas.serde.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end on a real KRaft broker: the demo video ingested as two cameras, with bad
 * records mixed in, through the explain-processor and the sink. Every frame yields exactly one
 * explanation and one overlay, in order per camera; bad records land in the dead-letter topic and
 * stop nothing; the overlay videos hold every frame.
 */
class PipelineIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  @Test
  void everyFrameIsExplainedAndRenderedExactlyOnceInOrder(@TempDir Path out) throws Exception {
    int frames = 40;
    Path video = out.resolve("demo.mp4");
    dev.decomcam.ops.demo.DemoVideo.generate(video, out.resolve("demo.json"), 3, frames);
    KAFKA.createTopics(2, LocalPipeline.TOPICS);
    Map<String, String> processor =
        Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString());
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(),
                out,
                processor,
                Map.of("record", "true", "fps", "25"),
                ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      // bad input first, on its own camera: garbage bytes and a frame whose image is not a JPEG
      try (KafkaProducer<byte[], byte[]> bad =
          new KafkaProducer<>(producer(), new ByteArraySerializer(), new ByteArraySerializer())) {
        bad.send(new ProducerRecord<>("frames", "bad-cam".getBytes(), new byte[] {0x13, 0x37}))
            .get();
        Frame notJpeg =
            Frame.newBuilder()
                .setCameraId("bad-cam")
                .setSequence(0)
                .setCaptureTimestampMs(1)
                .setPtsMicros(0)
                .setWidth(2)
                .setHeight(2)
                .setImage(ByteBuffer.wrap("hello".getBytes()))
                .build();
        bad.send(
                new ProducerRecord<>(
                    "frames", "bad-cam".getBytes(), Topics.FRAME_SERDE.encode(notJpeg)))
            .get();
        // larger than frame.max.bytes (4 MiB) but within the topic's limit: rejected, kept as data
        bad.send(new ProducerRecord<>("frames", "bad-cam".getBytes(), new byte[5 << 20])).get();
      }
      pipeline.startIngest("cam-a", video.toString(), Map.of("pacing", "fast"));
      pipeline.startIngest(
          "cam-b", video.toString(), Map.of("pacing", "fast", "sample.every", "2"));

      assertTrue(
          watcher.awaitOverlays(
              Map.of("cam-a", frames, "cam-b", frames / 2), Duration.ofMinutes(5)),
          "overlays so far: " + watcher.overlaid());
      watcher.poll(Duration.ofSeconds(2)); // duplicates, if any, would arrive here

      List<Long> all = java.util.stream.LongStream.range(0, frames).boxed().toList();
      List<Long> half = all.subList(0, frames / 2);
      assertEquals(all, watcher.explained().get("cam-a"));
      assertEquals(all, watcher.overlaid().get("cam-a"));
      assertEquals(half, watcher.explained().get("cam-b"));
      assertEquals(half, watcher.overlaid().get("cam-b"));
      // the processor rejects both bad records; the sink, which reads frames too, rejects the
      // garbage one
      Map<String, List<String>> byStage =
          watcher.deadLetters().stream()
              .collect(
                  java.util.stream.Collectors.groupingBy(
                      r -> DeadLetters.text(r.headers(), DeadLetters.STAGE),
                      java.util.stream.Collectors.mapping(
                          r -> DeadLetters.text(r.headers(), DeadLetters.ERROR),
                          java.util.stream.Collectors.toList())));
      assertEquals(3, byStage.get("explain-processor").size(), byStage.toString());
      assertEquals(2, byStage.get("decode-frame").size(), byStage.toString());
      assertEquals(5, watcher.deadLetters().size(), byStage.toString());
      assertTrue(
          watcher.deadLetters().stream().anyMatch(r -> r.value().length == 5 << 20),
          "original bytes kept");
      String reasons = byStage.get("explain-processor").toString();
      assertTrue(
          reasons.contains("corrupt Frame record")
              && reasons.contains("not a decodable jpeg")
              && reasons.contains("exceeds frame.max.bytes"),
          reasons);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (pipeline.recordedFrames() < frames + frames / 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      pipeline.close();
      Map<String, Map.Entry<Path, Long>> rec = DemoRun.recordings(out, List.of("cam-a", "cam-b"));
      assertEquals(frames, rec.get("cam-a").getValue(), "frames in " + rec.get("cam-a").getKey());
      assertEquals(frames / 2, rec.get("cam-b").getValue());
    }
  }

  static Properties producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    return p;
  }
}
