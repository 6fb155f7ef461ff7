package dev.decomcam.ops.kafka;

import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real embedded KRaft broker on a random loopback port for the test class.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
 * }</pre>
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.start(null, Map.of());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public void createTopics(int partitions, Collection<String> names) {
    kafka.createTopics(partitions, names);
  }
}
