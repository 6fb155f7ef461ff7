package dev.decomcam.common.kafka;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most cameras one service instance keeps state for at once, shared by all its stream tasks
 * ({@code cameras.max}). Camera ids come from records, so without a cap a producer sending random
 * ids would grow every per-camera store and map until memory or disk runs out; with it, a record of
 * a new camera beyond the cap is dead-lettered with {@link #refusal} and the stream goes on. A slot
 * is taken by a camera's first record and given back when the camera is forgotten (idle expiry) or
 * its task leaves the instance. Thread-safe: tasks run on several stream threads.
 */
public final class CameraCap {
  /** The configuration key of the cap in the processor and the sink. */
  public static final String SETTING = "cameras.max";

  /** The default cap. */
  public static final int DEFAULT = 256;

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  /** A cap of {@code max} cameras (at least 1), none held yet. */
  public CameraCap(int max) {
    if (max < 1) {
      throw new IllegalArgumentException(
          "camera cap " + max + ": use at least 1 camera, e.g. " + DEFAULT + " (cameras.max)");
    }
    this.max = max;
  }

  /** Cameras held at most. */
  public int max() {
    return max;
  }

  /** Takes a slot for a new camera; false when all {@link #max} are held (nothing taken). */
  public boolean tryTake() {
    while (true) {
      int n = held.get();
      if (n >= max) {
        return false;
      }
      if (held.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * Takes {@code n} slots whatever the cap: for cameras already in a task's restored state (the cap
   * may have been lowered since they came), which new cameras must then wait for.
   */
  public void hold(int n) {
    held.addAndGet(n);
  }

  /** Gives back {@code n} slots (cameras forgotten, or a task's cameras when it closes). */
  public void release(int n) {
    held.addAndGet(-n);
  }

  /** Cameras held now, all tasks together. */
  public int cameras() {
    return held.get();
  }

  /** The one-line dead-letter reason for a record of {@code what} refused by the cap. */
  public String refusal(String what) {
    return what
        + " is of a new camera, and this instance already keeps "
        + max
        + " cameras (cameras.max="
        + max
        + "): raise cameras.max, add instances, or let idle cameras expire (camera.idle.ms)";
  }
}
