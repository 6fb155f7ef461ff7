package dev.decomcam.ops.replay;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.serde.Topic;
import dev.decomcam.schemas.serde.Topics;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Writes re-explained frames as {@link Explanation} records to a topic of their own (created with
 * one partition when missing), keyed by camera with the serde of {@code explanations}, so the
 * dashboard, the sink or any consumer of explanations can read a re-explained incident beside the
 * live one. The producer is idempotent ({@code acks=all}): a retried send is neither duplicated nor
 * reordered, so one camera's records stay in sequence order. Not transactional on purpose: a long
 * window re-explained slowly would outlive a transaction's timeout; a replay that fails half-way
 * leaves the explanations sent so far, each whole.
 */
public final class ExplanationTopic implements AutoCloseable {
  private final Topic<String, Explanation> topic;
  private final Producer<String, Explanation> producer;
  private long sent;
  private volatile Exception failure;

  /**
   * Creates {@code name} when missing; {@code client} holds the bootstrap servers and any {@code
   * kafka.*} settings (TLS/SASL).
   */
  public ExplanationTopic(Properties client, String name) {
    this.topic = Topics.EXPLANATIONS.withName(name);
    createIfMissing(client, name);
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "decomcam-replay-" + name);
    producer =
        new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private static void createIfMissing(Properties client, String name) {
    Properties a = new Properties();
    a.putAll(client);
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "decomcam-replay-admin");
    try (Admin admin = Admin.create(a)) {
      if (!admin.listTopics().names().get().contains(name)) {
        admin
            .createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())))
            .all()
            .get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic "
                + name
                + ": "
                + e.getCause().getMessage()
                + ": create it yourself or check the broker's ACLs",
            e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  public String name() {
    return topic.name();
  }

  /** Sends one explanation, keyed by its camera. */
  public void send(Explanation e) {
    producer.send(
        new ProducerRecord<>(topic.name(), null, e.getCaptureTimestampMs(), e.getCameraId(), e),
        (meta, error) -> {
          if (error != null && failure == null) {
            failure = error;
          }
        });
    sent++;
  }

  /** Waits until every explanation sent is acknowledged; returns how many were sent. */
  public long flush() {
    producer.flush();
    if (failure != null) {
      throw new IllegalStateException(
          "explanations not written to " + topic.name() + ": " + failure.getMessage(), failure);
    }
    return sent;
  }

  /** Sends what is still buffered and closes the producer. */
  @Override
  public void close() {
    producer.close();
  }
}
