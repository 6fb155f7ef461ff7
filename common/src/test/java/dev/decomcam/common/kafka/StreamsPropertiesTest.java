package dev.decomcam.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
  @Test
  void baseIsExactlyOnceWithRoomForDeadLettersAndUserOverridesWin() {
    Properties p = StreamsProperties.base("app", "h:1", "/tmp/s");
    assertEquals("app", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("h:1", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals("/tmp/s", p.get(StreamsConfig.STATE_DIR_CONFIG));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(16 << 20, p.get("producer.max.request.size"));
    assertEquals(1_000, p.get("heartbeat.interval.ms"));
    assertEquals(10_000, p.get("session.timeout.ms"));
    assertEquals(7, p.size());
    Properties user = new Properties();
    user.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    user.setProperty("session.timeout.ms", "45000");
    Properties merged = StreamsProperties.withUserOverrides(p, user);
    assertEquals(
        StreamsConfig.AT_LEAST_ONCE, merged.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    // the same key as a user's kafka.session.timeout.ms, so the user's wins (a consumer.-prefixed
    // default would take precedence in Kafka Streams)
    assertEquals("45000", merged.get("session.timeout.ms"));
    assertEquals(7, merged.size());
  }
}
