package dev.decomcam.sink.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.record.Mp4Recorder;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayFeedTest {
  @Test
  void recordsOverlaysAndSkipsGarbage(@TempDir Path dir) throws Exception {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    Mp4Recorder rec = new Mp4Recorder(dir, 10);
    List<Overlay> seen = new java.util.ArrayList<>();
    OverlayFeed svc = new OverlayFeed(Topics.OVERLAYS, consumer, List.of(rec, seen::add));
    TopicPartition tp = new TopicPartition(Topics.OVERLAYS.name(), 0);
    byte[] jpeg =
        new JpegCodec(0.85).encode(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR)).bytes();
    for (int i = 0; i < 5; i++) {
      Overlay o =
          Overlay.newBuilder()
              .setCameraId("door")
              .setSequence(i)
              .setCaptureTimestampMs(i)
              .setWidth(64)
              .setHeight(48)
              .setImage(ByteBuffer.wrap(jpeg))
              .setLabel("x")
              .setScore(1f)
              .setLatencyMs(1)
              .build();
      svc.deliver(
          new ConsumerRecord<>(
              tp.topic(), 0, i, "door".getBytes(), Topics.OVERLAY_SERDE.encode(o)));
    }
    svc.deliver(new ConsumerRecord<>(tp.topic(), 0, 5, "door".getBytes(), new byte[] {1, 2, 3}));
    assertEquals(5, svc.overlaysDelivered());
    assertEquals(5, rec.totalFrames());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen.stream().map(Overlay::getSequence).toList());
    assertEquals(1, svc.recordsSkipped());
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    svc.start();
    consumer.rebalance(List.of(tp));
    svc.stop();
    assertTrue(svc.awaitTermination(Duration.ofSeconds(10)));
    Path file = rec.fileFor("door");
    assertTrue(Files.size(file) > 0, "MP4 finished on stop");
  }
}
