package dev.decomcam.sink.record;

import dev.decomcam.schemas.config.Service;
import dev.decomcam.ingest.JpegCodec;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topic;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the overlays topic and appends each overlay to its camera's MP4 via {@link Mp4Recorder}.
 *
 * <p>A plain consumer rather than a side effect inside the Streams topology: a file write cannot
 * take part in Kafka's transactions, so doing it in the topology would write frames again after
 * every aborted transaction. This consumer reads committed overlays only
 * ({@code isolation.level=read_committed}); a record that fails to decode is logged, counted and
 * skipped. Files are finished (MP4 index written) on {@link #stop()}.
 */
public final class OverlayRecorderService implements Service {
  private static final Logger log = LoggerFactory.getLogger(OverlayRecorderService.class);

  private final Topic<String, Overlay> topic;
  private final Consumer<byte[], byte[]> consumer;
  private final Mp4Recorder recorder;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean running;
  private Thread worker;

  /** With a given consumer (tests: a {@code MockConsumer}) already configured for byte arrays. */
  public OverlayRecorderService(Topic<String, Overlay> topic, Consumer<byte[], byte[]> consumer, Mp4Recorder recorder) {
    this.topic = topic;
    this.consumer = consumer;
    this.recorder = recorder;
  }

  /** Consumer settings: committed overlays only, from the start of the topic for a new group. */
  public static Properties consumerProperties(String bootstrapServers, String groupId, Properties extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (extra != null) {
      p.putAll(extra);
    }
    return p;
  }

  public static Consumer<byte[], byte[]> createConsumer(Properties props) {
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      throw new IllegalStateException("overlay recorder already started");
    }
    consumer.subscribe(List.of(topic.name()));
    running = true;
    worker = new Thread(this::run, "decomcam-overlay-recorder");
    worker.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          record(r);
        }
      }
    } catch (WakeupException e) {
      // stop() woke the poll
    } catch (RuntimeException e) {
      log.error("overlay recorder stopped: {}", e.getMessage(), e);
    } finally {
      try {
        consumer.close();
      } finally {
        recorder.close();
        log.info("overlay recorder: {} frames written, {} records skipped", written.get(), skipped.get());
        done.countDown();
      }
    }
  }

  /** Decodes one overlay record and appends it; skips (and counts) records that are not overlays. */
  void record(ConsumerRecord<byte[], byte[]> r) {
    try {
      Overlay o = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
      ByteBuffer b = o.getImage().duplicate();
      byte[] jpeg = new byte[b.remaining()];
      b.get(jpeg);
      recorder.write(o.getCameraId(), JpegCodec.decode(jpeg));
      written.incrementAndGet();
    } catch (IllegalArgumentException | org.apache.kafka.common.errors.SerializationException e) {
      skipped.incrementAndGet();
      log.warn("overlay at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  @Override
  public void stop() {
    Thread w;
    synchronized (this) {
      w = worker;
    }
    if (w == null) {
      return;
    }
    running = false;
    consumer.wakeup();
    try {
      w.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public long framesWritten() {
    return written.get();
  }

  public long recordsSkipped() {
    return skipped.get();
  }
}
