package dev.decomcam.ingest;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.nio.ByteBuffer;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes one camera's JPEG frames to the frames topic, keyed by camera id so a camera's frames
 * stay in one partition and in order, with sequence numbers 0, 1, 2, ... .
 *
 * <p>The producer is idempotent with {@code acks=all}, so broker retries neither lose nor duplicate
 * a frame (sequence numbers stay gap-free), and lingers only a few milliseconds since frames are
 * large and latency matters more than batching. {@link #close()} flushes.
 *
 * <p>After {@link #sourceReconnected} the frames carry the source's status for the sink and
 * dashboard: {@code Frame.reconnects} counts the outages so far, and the first frame after one
 * carries its length in {@code Frame.outageMs}. Sequence numbers continue across an outage.
 */
public final class FramePublisher implements AutoCloseable {
  private final Producer<String, Frame> producer;
  private final String topic;
  private final String cameraId;
  private final String source;
  private final boolean live;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private long nextSequence;
  private int reconnects;
  private long pendingOutageMs;

  /**
   * @param source where the frames come from (file path, URL or device), stamped on each frame
   * @param live stamped on each frame as {@code Frame.live}: the processor may skip stale frames of
   *     a live camera under overload (see {@link LiveMode})
   */
  public FramePublisher(
      Producer<String, Frame> producer,
      String topic,
      String cameraId,
      String source,
      boolean live) {
    this.producer = producer;
    this.topic = topic;
    this.cameraId = cameraId;
    this.source = source;
    this.live = live;
  }

  /** Producer settings for frames: reliability and low latency first; {@code extra} overrides. */
  public static Properties producerProperties(
      String bootstrapServers, String cameraId, Properties extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "decomcam-ingest-" + cameraId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5"); // frames are ~50-100 KB: batching buys little
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // JPEG does not compress further
    if (extra != null) {
      p.putAll(extra);
    }
    return p;
  }

  /** A Kafka producer with {@link #producerProperties} and the frames topic's serdes. */
  public static Producer<String, Frame> createProducer(Properties props) {
    return new KafkaProducer<>(
        props, Topics.FRAMES.keySerde().serializer(), Topics.FRAMES.valueSerde().serializer());
  }

  /** Builds the record for the next frame and advances the sequence number. */
  public ProducerRecord<String, Frame> nextRecord(
      JpegCodec.Encoded jpeg, long ptsMicros, long captureTimestampMs) {
    Frame f =
        Frame.newBuilder()
            .setCameraId(cameraId)
            .setSequence(nextSequence++)
            .setCaptureTimestampMs(captureTimestampMs)
            .setPtsMicros(ptsMicros)
            .setWidth(jpeg.width())
            .setHeight(jpeg.height())
            .setEncoding("jpeg")
            .setImage(ByteBuffer.wrap(jpeg.bytes()))
            .setSource(source)
            .setLive(live)
            .setReconnects(reconnects)
            .setOutageMs(pendingOutageMs)
            .build();
    pendingOutageMs = 0;
    return new ProducerRecord<>(topic, null, captureTimestampMs, cameraId, f);
  }

  /** Sends the next frame; a send failure is kept and reported by {@link #failure()}. */
  public Future<RecordMetadata> publish(
      JpegCodec.Encoded jpeg, long ptsMicros, long captureTimestampMs) {
    return producer.send(
        nextRecord(jpeg, ptsMicros, captureTimestampMs),
        (md, e) -> {
          if (e != null) {
            firstError.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
  }

  /**
   * The source came back after an outage of {@code outageMs}: the next frame carries it, and this
   * and every later frame one more reconnect.
   */
  public void sourceReconnected(long outageMs) {
    reconnects++;
    pendingOutageMs = Math.max(0, outageMs);
  }

  /** The sequence number the next frame will get (= frames built so far). */
  public long nextSequence() {
    return nextSequence;
  }

  /** Frames the broker acknowledged. */
  public long acknowledged() {
    return acked.get();
  }

  /** The first send failure, or null. */
  public Exception failure() {
    return firstError.get();
  }

  public String cameraId() {
    return cameraId;
  }

  /** Whether the frames are stamped live. */
  public boolean live() {
    return live;
  }

  @Override
  public void close() {
    producer.flush();
    producer.close();
  }
}
