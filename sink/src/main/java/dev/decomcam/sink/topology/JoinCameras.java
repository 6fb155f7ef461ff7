package dev.decomcam.sink.topology;

import dev.decomcam.common.kafka.CameraCap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras a join task keeps state for, bounded in number and in time: each takes a slot of the
 * instance's {@link CameraCap} ({@code cameras.max}) with its first record, and a camera of which
 * no record at all (frame or explanation) has come for {@code camera.idle.ms} of wall-clock time is
 * forgotten on a wall-clock punctuation: its entries in every store of the join are deleted (so the
 * changelogs compact them away) and its slot given back.
 *
 * <p>The rule for a slow camera: expiry looks only at arrivals. A recording whose frames wait for a
 * slow processor still receives its explanations, each of which keeps it alive; only a camera whose
 * frames and explanations both stopped for the idle time loses what waits, so {@code
 * camera.idle.ms} must exceed the longest processor outage a recording should ride out. A camera
 * that comes back after being forgotten starts as a new camera: any sequence is accepted as its
 * first, and a frame the processor skipped is drawn alone until a real explanation comes.
 *
 * <p>Last arrival times are kept in memory, not in a store: after a restart or a move every camera
 * found in the task's restored stores counts as seen at that moment, so it has a whole idle period
 * again. Deleting store entries in a punctuation is part of the task's next exactly-once commit,
 * like any other store write.
 */
final class JoinCameras {
  private static final Logger LOG = LoggerFactory.getLogger(JoinCameras.class);

  /** Most ids named in the log line of one expiry. */
  private static final int LOGGED_IDS = 5;

  private final CameraCap cap;
  private final long idleMs;
  private final ProcessorContext<?, ?> context;
  private final Consumer<String> forget;
  private final Map<String, Long> seen = new HashMap<>();

  /**
   * Tracks the task's cameras, starting with those in its restored stores, and schedules the
   * expiry.
   *
   * @param forget deletes a camera's entries from the join's stores
   */
  JoinCameras(ProcessorContext<?, ?> context, CameraCap cap, long idleMs, Consumer<String> forget) {
    this.context = context;
    this.cap = cap;
    this.idleMs = idleMs;
    this.forget = forget;
    long now = context.currentSystemTimeMs();
    for (String store : List.of(SinkTopology.PROGRESS_STORE, SinkTopology.LATEST_STORE)) {
      KeyValueStore<String, byte[]> s = context.getStateStore(store);
      try (KeyValueIterator<String, byte[]> it = s.all()) {
        it.forEachRemaining(kv -> seen.put(kv.key, now));
      }
    }
    for (String store : List.of(SinkTopology.FRAME_STORE, SinkTopology.EXPLANATION_STORE)) {
      pendingCameras(context.getStateStore(store)).forEach(cam -> seen.put(cam, now));
    }
    cap.hold(seen.size());
    long every = Math.max(1_000, Math.min(60_000, idleMs / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  /**
   * Notes a record of {@code cam} now; false when the camera is new and the instance's cap is full
   * (nothing noted: the record must be dead-lettered with {@link #refusal}).
   */
  boolean admit(String cam) {
    long now = context.currentSystemTimeMs();
    if (seen.replace(cam, now) != null) {
      return true;
    }
    if (!cap.tryTake()) {
      return false;
    }
    seen.put(cam, now);
    return true;
  }

  /** The one-line reason a record of {@code what} was refused by {@link #admit}. */
  String refusal(String what) {
    return cap.refusal(what);
  }

  /** Cameras the task keeps now. */
  int size() {
    return seen.size();
  }

  /** Forgets the cameras with no record for longer than the idle time before {@code now}. */
  void expire(long now) {
    List<String> idle = new ArrayList<>();
    seen.forEach(
        (cam, at) -> {
          if (now - at > idleMs) {
            idle.add(cam);
          }
        });
    if (idle.isEmpty()) {
      return;
    }
    for (String cam : idle) {
      forget.accept(cam);
      seen.remove(cam);
    }
    cap.release(idle.size());
    LOG.info(
        "forgot {} cameras idle for more than {} ms (camera.idle.ms), e.g. {}",
        idle.size(),
        idleMs,
        idle.subList(0, Math.min(LOGGED_IDS, idle.size())));
  }

  /** Gives back the slots of the task's cameras: the task is closing. */
  void release() {
    cap.release(seen.size());
    seen.clear();
  }

  /**
   * The cameras with entries in a pending store: one seek per camera, skipping its entries (which
   * may be many frames of a recording), since each camera's keys are contiguous ({@link
   * PendingKey}).
   */
  static List<String> pendingCameras(KeyValueStore<Bytes, byte[]> store) {
    List<String> cameras = new ArrayList<>();
    Bytes from = null;
    while (true) {
      byte[] key;
      try (KeyValueIterator<Bytes, byte[]> it = store.range(from, null)) {
        if (!it.hasNext()) {
          return cameras;
        }
        KeyValue<Bytes, byte[]> kv = it.next();
        key = kv.key.get();
      }
      byte[] cam = Arrays.copyOf(key, Math.max(0, key.length - 9));
      cameras.add(new String(cam, StandardCharsets.UTF_8));
      // the camera's keys are cam, 0x00, sequence: cam, 0x01 comes after all of them and before
      // every other camera's
      byte[] next = Arrays.copyOf(cam, cam.length + 1);
      next[cam.length] = 1;
      from = Bytes.wrap(next);
    }
  }
}
