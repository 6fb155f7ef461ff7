package dev.decomcam.sink.web;

import dev.decomcam.schemas.serde.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the camera pages: reads the frames, explanations and component-events topics from their
 * ends (the dashboard shows what happens now, not history) into a {@link CameraBoard}. Its group id
 * is unique and it commits nothing, so every dashboard sees every camera and no live consumer group
 * is touched; records that fail to decode are logged and skipped.
 */
public final class DetailFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetailFeed.class);

  private final Consumer<byte[], byte[]> consumer;
  private final CameraBoard board;
  private final String frames;
  private final String explanations;
  private final String events;
  private final Thread worker;
  private volatile boolean running = true;

  public DetailFeed(
      Consumer<byte[], byte[]> consumer,
      CameraBoard board,
      String frames,
      String explanations,
      String events) {
    this.consumer = consumer;
    this.board = board;
    this.frames = frames;
    this.explanations = explanations;
    this.events = events;
    this.worker = new Thread(this::run, "decomcam-dashboard-feed");
    this.worker.setDaemon(true);
  }

  /** Consumer settings: committed records only, from the end, never committing. */
  public static Properties consumerProperties(
      String bootstrapServers, String applicationId, Properties extra) {
    Properties p = new Properties();
    if (extra != null) {
      p.putAll(extra);
    }
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(
        ConsumerConfig.GROUP_ID_CONFIG,
        applicationId + "-dashboard-" + UUID.randomUUID().toString().substring(0, 8));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  public static Consumer<byte[], byte[]> createConsumer(Properties props) {
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  public void start() {
    consumer.subscribe(List.of(frames, explanations, events));
    worker.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          deliver(r);
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll
    } catch (RuntimeException e) {
      LOG.error("dashboard feed stopped: {}", e.getMessage(), e);
    } finally {
      consumer.close();
    }
  }

  void deliver(ConsumerRecord<byte[], byte[]> r) {
    try {
      if (r.topic().equals(frames)) {
        board.onFrame(Topics.FRAME_SERDE.deserializer().deserialize(r.topic(), r.value()));
      } else if (r.topic().equals(explanations)) {
        board.onExplanation(
            Topics.EXPLANATION_SERDE.deserializer().deserialize(r.topic(), r.value()));
      } else if (r.topic().equals(events)) {
        board.onComponentEvent(
            Topics.COMPONENT_EVENT_SERDE.deserializer().deserialize(r.topic(), r.value()));
      }
    } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
      LOG.debug(
          "dashboard skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
