package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.SaliencyMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's saliency-method state in the {@code camera-components} store, as bytes of the
 * method's {@link SaliencyMethod#stateCodec()}. An absent or unreadable entry (e.g. an older codec)
 * is a cold start; a method that carries no state between frames stores nothing.
 */
final class CameraStates<S extends CameraState> {
  private static final Logger LOG = LoggerFactory.getLogger(CameraStates.class);

  private final KeyValueStore<String, byte[]> store;
  private final SaliencyMethod<S> method;

  CameraStates(KeyValueStore<String, byte[]> store, SaliencyMethod<S> method) {
    this.store = store;
    this.method = method;
  }

  /** The states of {@code cameras}, read once each. */
  Map<String, S> load(List<String> cameras) {
    Map<String, S> states = new LinkedHashMap<>();
    for (String camera : cameras) {
      states.computeIfAbsent(camera, this::get);
    }
    return states;
  }

  S get(String camera) {
    return method.carriesState() ? decode(camera, store.get(camera)) : method.coldState();
  }

  void put(String camera, S state) {
    if (method.carriesState()) {
      store.put(camera, method.stateCodec().encode(state));
    }
  }

  /**
   * Deletes the cameras not seen for more than {@code idleMs} before {@code now}; returns each
   * one's last state (its components vanish with it).
   */
  Map<String, S> expire(long now, long idleMs) {
    Map<String, S> idle = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        S state = decode(kv.key, kv.value);
        if (now - state.lastSeenMs() > idleMs) {
          idle.put(kv.key, state);
        }
      }
    }
    new ArrayList<>(idle.keySet()).forEach(store::delete);
    return idle;
  }

  private S decode(String camera, byte[] bytes) {
    if (bytes == null) {
      return method.coldState();
    }
    try {
      return method.stateCodec().decode(bytes);
    } catch (RuntimeException e) {
      LOG.warn(
          "camera {}: stored components unreadable ({}); starting cold", camera, e.getMessage());
      return method.coldState();
    }
  }
}
