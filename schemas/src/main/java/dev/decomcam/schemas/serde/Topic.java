package dev.decomcam.schemas.serde;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's name with the serdes of its key and value, so no code names a topic by a bare string or
 * pairs it with the wrong serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name is blank: set a non-empty topic name");
    }
  }

  /** The same topic contract under another name (topic names are configurable). */
  public Topic<K, V> withName(String newName) {
    return new Topic<>(newName, keySerde, valueSerde);
  }
}
