package dev.decomcam.sink.web;

import dev.decomcam.schemas.ComponentEvent;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The dashboard's cameras, bounded: at most {@code maxCameras} (the least recently updated one
 * makes room for a new one) and none idle for longer than {@code idleNanos}. Camera ids come from
 * records, so without both bounds a producer sending random ids would grow this map without end.
 */
public final class CameraBoard {
  private final Map<String, CameraState> cameras = new ConcurrentHashMap<>();
  private final int maxCameras;
  private final long idleNanos;
  private final LongSupplier clock;

  /** With the system's monotonic clock. */
  public CameraBoard(int maxCameras, long idleNanos) {
    this(maxCameras, idleNanos, System::nanoTime);
  }

  CameraBoard(int maxCameras, long idleNanos, LongSupplier clock) {
    if (maxCameras < 1) {
      throw new IllegalArgumentException(
          "dashboard camera cap "
              + maxCameras
              + " must be at least 1: raise dashboard.cameras.max");
    }
    if (idleNanos <= 0) {
      throw new IllegalArgumentException(
          "dashboard idle expiry must be positive: raise dashboard.idle.seconds");
    }
    this.maxCameras = maxCameras;
    this.idleNanos = idleNanos;
    this.clock = clock;
  }

  public void onOverlay(Overlay o) {
    long now = clock.getAsLong();
    camera(o.getCameraId(), now).onOverlay(o, now);
  }

  public void onFrame(Frame f) {
    long now = clock.getAsLong();
    camera(f.getCameraId(), now).onFrame(f, now);
  }

  public void onExplanation(Explanation e) {
    long now = clock.getAsLong();
    camera(e.getCameraId(), now).onExplanation(e, now);
  }

  public void onComponentEvent(ComponentEvent e) {
    long now = clock.getAsLong();
    camera(e.getCameraId(), now).onComponentEvent(e, now);
  }

  /** The camera, or null when unknown or expired. */
  public CameraState get(String camera) {
    return cameras.get(camera);
  }

  /** The cameras, sorted by id. */
  public List<CameraState> cameras() {
    return cameras.values().stream().sorted(Comparator.comparing(CameraState::id)).toList();
  }

  public int size() {
    return cameras.size();
  }

  public long now() {
    return clock.getAsLong();
  }

  /** Forgets cameras idle for longer than the expiry; returns how many. */
  public int expire() {
    long now = clock.getAsLong();
    int before = cameras.size();
    cameras.values().removeIf(c -> now - c.touchedNanos() > idleNanos);
    return before - cameras.size();
  }

  private CameraState camera(String id, long now) {
    CameraState c = cameras.get(id);
    if (c != null) {
      return c;
    }
    synchronized (this) {
      c = cameras.get(id);
      if (c == null) {
        expire();
        while (cameras.size() >= maxCameras) {
          cameras.values().stream()
              .min(Comparator.comparingLong(CameraState::touchedNanos))
              .ifPresent(oldest -> cameras.remove(oldest.id()));
        }
        c = new CameraState(id, now);
        cameras.put(id, c);
      }
      return c;
    }
  }
}
