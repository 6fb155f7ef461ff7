package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.record.ComponentEvents;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets cameras not seen for {@code camera.idle.ms}: their state is deleted and each of their
 * components gets a {@code VANISHED} event. Reading a state takes the method's codec, so the model
 * is loaded for it when the store holds cameras before any frame did (e.g. after a restart).
 */
final class IdleCameras {
  private static final Logger LOG = LoggerFactory.getLogger(IdleCameras.class);

  private final KeyValueStore<String, byte[]> store;
  private final long idleMs;
  private final Supplier<FrameExplainer<?>> explainer;
  private final Outputs outputs;

  IdleCameras(
      KeyValueStore<String, byte[]> store,
      long idleMs,
      Supplier<FrameExplainer<?>> explainer,
      Outputs outputs) {
    this.store = store;
    this.idleMs = idleMs;
    this.explainer = explainer;
    this.outputs = outputs;
  }

  void expire(long now) {
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      if (!it.hasNext()) {
        return;
      }
    }
    SaliencyMethod<?> method;
    try {
      method = explainer.get().method();
    } catch (RuntimeException e) {
      LOG.warn("idle cameras not expired: the model did not load ({})", e.toString());
      return;
    }
    expire(now, method);
  }

  private <S extends CameraState> void expire(long now, SaliencyMethod<S> method) {
    Map<String, S> idle = new CameraStates<>(store, method).expire(now, idleMs);
    idle.forEach(
        (camera, state) -> {
          for (int id : state.componentIds()) {
            outputs.event(
                camera,
                -1,
                ComponentEvents.vanished(id, "camera idle for more than " + idleMs + " ms"),
                now);
          }
        });
    if (!idle.isEmpty()) {
      LOG.info("expired idle cameras {}", idle.keySet());
    }
  }
}
