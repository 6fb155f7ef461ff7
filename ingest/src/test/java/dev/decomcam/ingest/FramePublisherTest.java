package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class FramePublisherTest {
  private static MockProducer<String, Frame> mock() {
    return new MockProducer<>(
        true, null, Topics.FRAMES.keySerde().serializer(), Topics.FRAMES.valueSerde().serializer());
  }

  @Test
  void recordsAreKeyedByCameraWithGapFreeSequences() {
    MockProducer<String, Frame> producer = mock();
    JpegCodec.Encoded jpeg =
        new JpegCodec(0.85).encode(new BufferedImage(32, 24, BufferedImage.TYPE_3BYTE_BGR));
    try (FramePublisher pub = new FramePublisher(producer, "frames-x", "door", "clip.mp4", false)) {
      for (int i = 0; i < 3; i++) {
        pub.publish(jpeg, 1000L * i, 5_000L + i);
      }
      assertEquals(3, pub.acknowledged());
    }
    List<ProducerRecord<String, Frame>> sent = producer.history();
    assertEquals(3, sent.size());
    for (int i = 0; i < 3; i++) {
      ProducerRecord<String, Frame> r = sent.get(i);
      assertEquals("frames-x", r.topic());
      assertEquals("door", r.key());
      assertEquals(5_000L + i, r.timestamp());
      Frame f = r.value();
      assertEquals("door", f.getCameraId());
      assertEquals(i, f.getSequence());
      assertEquals(1000L * i, f.getPtsMicros());
      assertEquals(5_000L + i, f.getCaptureTimestampMs());
      assertEquals(32, f.getWidth());
      assertEquals(24, f.getHeight());
      assertEquals("jpeg", f.getEncoding());
      assertEquals("clip.mp4", f.getSource());
      assertEquals(jpeg.bytes().length, f.getImage().remaining());
      assertFalse(f.getLive());
    }
    assertTrue(producer.closed());
  }

  @Test
  void aLiveCamerasFramesAreAllStampedLive() {
    MockProducer<String, Frame> producer = mock();
    JpegCodec.Encoded jpeg =
        new JpegCodec(0.85).encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR));
    try (FramePublisher pub =
        new FramePublisher(producer, "frames", "door", "rtsp://cam/1", true)) {
      assertTrue(pub.live());
      for (int i = 0; i < 3; i++) {
        pub.publish(jpeg, 1000L * i, 5_000L + i);
      }
    }
    assertEquals(3, producer.history().size());
    assertTrue(producer.history().stream().allMatch(r -> r.value().getLive()));
  }

  @Test
  void aReconnectIsStampedOnTheNextFrameAndCountedOnEveryLaterOne() {
    MockProducer<String, Frame> producer = mock();
    JpegCodec.Encoded jpeg =
        new JpegCodec(0.85).encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR));
    try (FramePublisher pub =
        new FramePublisher(producer, "frames", "door", "rtsp://cam/1", true)) {
      pub.publish(jpeg, 0, 5_000L);
      pub.sourceReconnected(5_200);
      pub.publish(jpeg, 40_000, 10_300L);
      pub.publish(jpeg, 80_000, 10_340L);
    }
    List<Frame> f = producer.history().stream().map(ProducerRecord::value).toList();
    assertEquals(List.of(0L, 1L, 2L), f.stream().map(Frame::getSequence).toList());
    assertEquals(List.of(0, 1, 1), f.stream().map(Frame::getReconnects).toList());
    assertEquals(List.of(0L, 5_200L, 0L), f.stream().map(Frame::getOutageMs).toList());
  }

  @Test
  void producerIsReliableAndOverridable() {
    Properties extra = new Properties();
    extra.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
    Properties p = FramePublisher.producerProperties("h:1", "door", extra);
    assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
    assertEquals("true", p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    assertEquals("20", p.get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals("h:1", p.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
  }
}
