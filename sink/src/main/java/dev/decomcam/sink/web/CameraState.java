package dev.decomcam.sink.web;

import dev.decomcam.schemas.ComponentEvent;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard knows of one camera: its newest overlay and frame rates, its newest explained
 * frame (the raw image and its explanation, so the browser can draw heatmap and outlines itself),
 * the birth of each live component, and a bounded history of component lifetimes, resets and
 * target-class changes. Every collection is bounded, so one camera costs at most a few frames of
 * memory. Thread-safe: fed by the feeds' threads, read by the web server's.
 */
public final class CameraState {
  /** Raw frames kept while their explanations are on the way (frames are explained late). */
  static final int PENDING_FRAMES = 48;

  /** Closed lifetimes, resets and target changes kept for the timeline. */
  static final int HISTORY = 200;

  /** Window of the explained and skipped frame rates. */
  static final long RATE_WINDOW_NANOS = 5_000_000_000L;

  /** A camera whose newest overlay is older than this is silent. */
  static final long SILENT_NANOS = 5_000_000_000L;

  /** An explanation older than this (capture time) makes a camera lagging. */
  static final long LAGGING_MS = 2_000;

  /** A raw frame as read from the frames topic. */
  public record FrameImage(
      long sequence, long captureTimestampMs, int width, int height, byte[] image) {}

  /** A component's life on the timeline; {@code to} is -1 while it lives. */
  public record Lifetime(int id, long from, long to, String endReason) {}

  /** A reset of the camera's components. */
  public record Reset(long sequence, String reason) {}

  /** The explained class changed between two explained frames. */
  public record TargetChange(
      long sequence, int fromIndex, String fromLabel, int toIndex, String toLabel) {}

  /** A consistent copy of the newest explained frame. */
  public record Explained(FrameImage frame, Explanation explanation, Map<Integer, long[]> births) {}

  private final String id;
  private long touchedNanos;
  private Overlay overlay;
  private long overlayNanos;
  private long overlayVersion;
  private final Deque<long[]> rates = new ArrayDeque<>();
  private final LinkedHashMap<Long, FrameImage> pending = new LinkedHashMap<>();
  private FrameImage explainedFrame;
  private Explanation explanation;
  private long explainedVersion;
  private final Map<Integer, long[]> births = new HashMap<>();
  private final Map<Integer, Long> open = new LinkedHashMap<>();
  private final Deque<Lifetime> lifetimes = new ArrayDeque<>();
  private final Deque<Reset> resets = new ArrayDeque<>();
  private final Deque<TargetChange> targetChanges = new ArrayDeque<>();
  private long firstEventSequence = -1;
  private long lastEventSequence = -1;

  CameraState(String id, long nowNanos) {
    this.id = id;
    this.touchedNanos = nowNanos;
  }

  public String id() {
    return id;
  }

  synchronized long touchedNanos() {
    return touchedNanos;
  }

  synchronized void onOverlay(Overlay o, long nowNanos) {
    touchedNanos = nowNanos;
    overlay = o;
    overlayNanos = nowNanos;
    overlayVersion++;
    rates.addLast(new long[] {nowNanos, o.getSkipped() ? 1 : 0});
    trimRates(nowNanos);
  }

  synchronized void onFrame(Frame f, long nowNanos) {
    touchedNanos = nowNanos;
    pending.put(
        f.getSequence(),
        new FrameImage(
            f.getSequence(), f.getCaptureTimestampMs(), f.getWidth(), f.getHeight(), bytes(f)));
    while (pending.size() > PENDING_FRAMES) {
      Iterator<Long> it = pending.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * Takes an explained frame's explanation; skipped frames carry none and are ignored. The frame's
   * raw image must have been seen first (frames are read well before their explanations exist).
   */
  synchronized void onExplanation(Explanation e, long nowNanos) {
    touchedNanos = nowNanos;
    if (e.getSkipped()) {
      return;
    }
    FrameImage frame = pending.get(e.getSequence());
    pending.keySet().removeIf(s -> s <= e.getSequence());
    if (explanation != null
        && explanation.getTargetIndex() != e.getTargetIndex()
        && e.getSequence() > explanation.getSequence()) {
      add(
          targetChanges,
          new TargetChange(
              e.getSequence(),
              explanation.getTargetIndex(),
              explanation.getTargetLabel(),
              e.getTargetIndex(),
              e.getTargetLabel()));
    }
    if (e.getReset()) {
      births.clear();
    }
    List<Integer> now = new ArrayList<>();
    for (var c : e.getComponents()) {
      now.add(c.getId());
      births.putIfAbsent(c.getId(), new long[] {e.getSequence(), e.getCaptureTimestampMs()});
    }
    births.keySet().retainAll(now);
    explanation = e;
    if (frame != null) {
      explainedFrame = frame;
    } else if (explainedFrame != null && explainedFrame.sequence() != e.getSequence()) {
      explainedFrame = null; // never draw one frame's explanation over another frame
    }
    explainedVersion++;
  }

  synchronized void onComponentEvent(ComponentEvent e, long nowNanos) {
    touchedNanos = nowNanos;
    long seq = e.getSequence();
    if (firstEventSequence < 0) {
      firstEventSequence = seq;
    }
    lastEventSequence = Math.max(lastEventSequence, seq);
    switch (e.getType()) {
      case APPEARED, PERSISTED -> open.putIfAbsent(e.getComponentId(), seq);
      case VANISHED -> close(e.getComponentId(), seq, e.getReason());
      case RESET -> {
        for (Integer c : List.copyOf(open.keySet())) {
          close(c, seq, "reset");
        }
        add(resets, new Reset(seq, e.getReason()));
      }
      default -> {}
    }
    while (open.size() > HISTORY) {
      Iterator<Integer> it = open.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  private void close(int component, long seq, String reason) {
    Long from = open.remove(component);
    if (from != null) {
      add(lifetimes, new Lifetime(component, from, seq, reason));
    }
  }

  private static <T> void add(Deque<T> d, T item) {
    d.addLast(item);
    while (d.size() > HISTORY) {
      d.removeFirst();
    }
  }

  private void trimRates(long nowNanos) {
    while (!rates.isEmpty() && nowNanos - rates.peekFirst()[0] > RATE_WINDOW_NANOS) {
      rates.removeFirst();
    }
  }

  synchronized Overlay overlay() {
    return overlay;
  }

  synchronized long overlayVersion() {
    return overlayVersion;
  }

  synchronized long explainedVersion() {
    return explainedVersion;
  }

  /** The newest explained frame, or null before the first. */
  synchronized Explained explained() {
    if (explanation == null) {
      return null;
    }
    Map<Integer, long[]> b = new HashMap<>();
    births.forEach((k, v) -> b.put(k, v.clone()));
    return new Explained(explainedFrame, explanation, b);
  }

  /** Explained and skipped frames per second over the last few seconds. */
  synchronized double[] rates(long nowNanos) {
    trimRates(nowNanos);
    if (rates.isEmpty()) {
      return new double[] {0, 0};
    }
    double seconds = RATE_WINDOW_NANOS / 1e9;
    long skipped = rates.stream().filter(r -> r[1] == 1).count();
    return new double[] {(rates.size() - skipped) / seconds, skipped / seconds};
  }

  /**
   * live; lagging (explanations old); unexplained (the newest overlay's explanation did not come in
   * time: the processor is down or far behind, see {@code Overlay.overdue}); or silent (no overlay
   * lately).
   */
  synchronized String health(long nowNanos) {
    if (overlay == null || nowNanos - overlayNanos > SILENT_NANOS) {
      return "silent";
    }
    if (overlay.getOverdue()) {
      return "unexplained";
    }
    return overlay.getExplanationAgeMs() > LAGGING_MS || overlay.getLatencyMs() > LAGGING_MS
        ? "lagging"
        : "live";
  }

  synchronized long overlayAgeMs(long nowNanos) {
    return overlay == null ? -1 : (nowNanos - overlayNanos) / 1_000_000;
  }

  synchronized List<Lifetime> lifetimes() {
    List<Lifetime> all = new ArrayList<>(lifetimes);
    open.forEach((c, from) -> all.add(new Lifetime(c, from, -1, "")));
    return all;
  }

  synchronized List<Reset> resets() {
    return List.copyOf(resets);
  }

  synchronized List<TargetChange> targetChanges() {
    return List.copyOf(targetChanges);
  }

  synchronized long[] eventWindow() {
    return new long[] {firstEventSequence, lastEventSequence};
  }

  /** Bytes held by this camera's images and maps (the bulk of its memory). */
  synchronized long bytes() {
    long b = overlay == null ? 0 : overlay.getImage().remaining();
    for (FrameImage f : pending.values()) {
      b += f.image().length;
    }
    if (explainedFrame != null) {
      b += explainedFrame.image().length;
    }
    if (explanation != null) {
      b += explanation.getSaliency().getData().remaining();
      for (var c : explanation.getComponents()) {
        b += c.getMap().getData().remaining();
      }
    }
    return b;
  }

  private static byte[] bytes(Frame f) {
    ByteBuffer b = f.getImage().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
