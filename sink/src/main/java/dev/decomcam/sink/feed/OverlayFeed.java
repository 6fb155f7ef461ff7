package dev.decomcam.sink.feed;

import dev.decomcam.common.config.Service;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topic;
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
 * Reads the overlays topic and hands each overlay to its listeners: the MP4 recorder, the live
 * dashboard.
 *
 * <p>A plain consumer rather than a side effect inside the Streams topology: a file write or a
 * browser push cannot take part in Kafka's transactions, so doing it in the topology would repeat
 * frames after every aborted transaction. This consumer reads committed overlays only ({@code
 * isolation.level=read_committed}); a record that fails to decode is logged, counted and skipped.
 * Listeners are closed (an MP4's index written) on {@link #stop()}.
 */
public final class OverlayFeed implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(OverlayFeed.class);

  private final Topic<String, Overlay> topic;
  private final Consumer<byte[], byte[]> consumer;
  private final List<OverlayListener> listeners;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean running;
  private Thread worker;

  /** With a given consumer (tests: a {@code MockConsumer}) already configured for byte arrays. */
  public OverlayFeed(
      Topic<String, Overlay> topic,
      Consumer<byte[], byte[]> consumer,
      List<OverlayListener> listeners) {
    this.topic = topic;
    this.consumer = consumer;
    this.listeners = List.copyOf(listeners);
  }

  /** Consumer settings: committed overlays only, from the start of the topic for a new group. */
  public static Properties consumerProperties(
      String bootstrapServers, String groupId, Properties extra) {
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
      throw new IllegalStateException("overlay feed already started");
    }
    consumer.subscribe(List.of(topic.name()));
    running = true;
    worker = new Thread(this::run, "decomcam-overlay-feed");
    worker.start();
  }

  private void run() {
    try {
      boolean caughtUp = false;
      // after stop() keep reading until a poll comes back empty (bounded by stop's wait), so the
      // overlays committed in the sink's last transaction still reach the recording
      while (running || !caughtUp) {
        var records = consumer.poll(Duration.ofMillis(200));
        caughtUp = records.isEmpty();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          deliver(r);
        }
        expireIdle();
      }
    } catch (WakeupException e) {
      // stop() woke the poll
    } catch (RuntimeException e) {
      LOG.error("overlay feed stopped: {}", e.getMessage(), e);
    } finally {
      try {
        consumer.close();
      } finally {
        listeners.forEach(OverlayListener::close);
        LOG.info(
            "overlay feed: {} overlays delivered, {} records skipped",
            delivered.get(),
            skipped.get());
        done.countDown();
      }
    }
  }

  /**
   * Decodes one overlay record and hands it on; skips (and counts) records that are not overlays.
   */
  void deliver(ConsumerRecord<byte[], byte[]> r) {
    Overlay o;
    try {
      o = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (org.apache.kafka.common.errors.SerializationException e) {
      skipped.incrementAndGet();
      LOG.warn(
          "overlay at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    // one listener's failure (a full disk for the recorder) must not starve the others
    for (OverlayListener l : listeners) {
      try {
        l.onOverlay(o);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn(
            "overlay {}#{}: {} failed: {}",
            o.getCameraId(),
            o.getSequence(),
            l.getClass().getSimpleName(),
            e.getMessage());
      }
    }
    delivered.incrementAndGet();
  }

  /** Lets each listener forget its idle cameras; a failure is logged like a delivery's. */
  private void expireIdle() {
    for (OverlayListener l : listeners) {
      try {
        l.expireIdle();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn(
            "{} failed to expire idle cameras: {}", l.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  /** Listener calls that threw (logged each time). */
  public long listenerFailures() {
    return failures.get();
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
    try {
      w.join(TimeUnit.SECONDS.toMillis(10)); // let it drain what is already committed
      if (w.isAlive()) {
        consumer.wakeup();
        w.join(TimeUnit.SECONDS.toMillis(20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public long overlaysDelivered() {
    return delivered.get();
  }

  public long recordsSkipped() {
    return skipped.get();
  }
}
