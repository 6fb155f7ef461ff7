package dev.decomcam.common.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties both applications (explain-processor, sink) start from, each
 * override with its reason. An application adds its own overrides to {@link #base}, then the user's
 * pass-through keys with {@link #withUserOverrides}, which win over everything.
 *
 * <pre>{@code
 * Properties p = StreamsProperties.base(c.applicationId(), c.bootstrapServers(), c.stateDir());
 * p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);   // the application's own, with its reason
 * return StreamsProperties.withUserOverrides(p, c.streamsOverrides());
 * }</pre>
 */
public final class StreamsProperties {
  /**
   * Largest record either application produces: a dead letter carries the original record (a frame
   * up to the topic's limit) plus headers. Size the topics' {@code max.message.bytes} to match.
   */
  public static final int MAX_REQUEST_BYTES = 16 << 20;

  private StreamsProperties() {}

  /** Identity, state location and the overrides every DecomCAM Streams application needs. */
  public static Properties base(String applicationId, String bootstrapServers, String stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    // one output per input (explanation per frame, overlay per explanation) even across crashes and
    // rebalances: state-store updates, outputs and input offsets commit in one transaction
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // any record that reaches an application may have to go to the dead-letter topic with its
    // original bytes: the producer must accept the largest one
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_REQUEST_BYTES);
    // a live camera's partition is served by one instance at a time: when that instance dies, its
    // cameras go unexplained until the broker ends its session (Kafka's default 45 s); when the
    // group rebalances (an instance joins or leaves), the other members learn of it at their next
    // heartbeat (3 s), while the moving partitions wait. Heartbeats a second apart and sessions of
    // 10 s keep hand-overs within a live camera's patience. Heartbeats run on their own thread, so
    // a slow frame does not end a session (max.poll.interval.ms bounds that). Unprefixed, as the
    // user's kafka.* keys are: a consumer-prefixed default would win over them
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    return p;
  }

  /** How long {@link #close} waits for the stream threads to finish and commit. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Closes {@code streams}, committing its work, and leaves the consumer group, so that its
   * partitions move to the remaining instances at once. Kafka Streams otherwise stays in the group
   * on close (so that a restart in place can take its tasks back), and its cameras would wait for
   * the session to expire.
   */
  public static void close(KafkaStreams streams) {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
  }

  /**
   * {@code p} with the user's pass-through settings added; they win over the base and the
   * application's.
   */
  public static Properties withUserOverrides(Properties p, Properties user) {
    p.putAll(user);
    return p;
  }
}
