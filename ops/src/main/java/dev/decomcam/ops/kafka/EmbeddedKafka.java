package dev.decomcam.ops.kafka;

import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), started inside this
 * JVM from the Kafka jars. Listeners bind to the loopback interface only. Used by the default run
 * ({@code ./decomcam demo}, {@code ./decomcam broker}) and by the integration tests; anything
 * beyond one machine should run a real Kafka cluster and point the services at it.
 *
 * <p>Single-node settings: every internal topic (offsets, transaction state) has replication factor
 * 1 and min ISR 1, which exactly_once_v2 needs on one broker.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /**
   * Records up to 8 MiB: a frame the processor rejects as oversized (frame.max.bytes, 4 MiB by
   * default) must still fit, so that it can reach the processor and go on to the dead-letter topic,
   * which takes twice that so any record plus its reason headers fits.
   */
  public static final int MAX_MESSAGE_BYTES = 8 << 20;

  private static final Map<String, String> TOPIC_CONFIG =
      Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
  private static final Map<String, String> DEAD_LETTER_CONFIG =
      Map.of("max.message.bytes", Integer.toString(2 * MAX_MESSAGE_BYTES));

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts a broker; {@code baseDir} holds its logs (null: a temporary directory deleted on close).
   */
  public static EmbeddedKafka start(Path baseDir, Map<String, String> overrides) {
    long t0 = System.nanoTime();
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (baseDir != null) {
        nodes.setBaseDirectory(baseDir);
      }
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(nodes.build()).setDeleteOnClose(baseDir == null);
      defaults().forEach(builder::setConfigProp);
      overrides.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(cluster);
      LOG.info(
          "Kafka broker (KRaft) ready at {} in {} ms",
          kafka.bootstrapServers(),
          (System.nanoTime() - t0) / 1_000_000);
      return kafka;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "embedded Kafka broker failed to start: "
              + e.getMessage()
              + " (check that loopback ports are free and the data directory is writable)",
          e);
    }
  }

  private static Map<String, String> defaults() {
    return Map.of(
        "offsets.topic.replication.factor", "1",
        "offsets.topic.num.partitions", "1",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "transaction.state.log.num.partitions", "1",
        // no reason to wait for more group members on a one-machine run
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates the topics if they do not exist yet (replication factor 1). */
  public void createTopics(int partitions, Collection<String> names) {
    try (Admin admin = cluster.admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          topics.add(
              new NewTopic(name, partitions, (short) 1)
                  .configs(
                      name.equals(Topics.DEAD_LETTER.name()) ? DEAD_LETTER_CONFIG : TOPIC_CONFIG));
        }
      }
      if (!topics.isEmpty()) {
        admin.createTopics(topics).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topics " + names + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("embedded Kafka broker did not shut down cleanly: {}", e.toString());
    }
  }
}
