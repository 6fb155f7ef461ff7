package dev.decomcam.processor.track;

import java.util.Objects;

/**
 * One step in the life of a tracked component on one camera, the pure form of the Avro {@code
 * ComponentEvent} (the caller adds camera and sequence): {@code id} is the component's stable id
 * (-1 for a {@link Type#RESET}), {@code similarity} its |cosine| to the matched component of the
 * previous frame (0 when it has none), {@code energyShare} its explained-variance ratio, {@code
 * weight} its weight in this frame's map, and {@code reason} says why, in words.
 */
public record TrackEvent(
    Type type, int id, double similarity, double energyShare, double weight, String reason) {

  /** What happened. */
  public enum Type {
    /** A component with no match in the previous frame got a new id. */
    APPEARED,
    /** A component kept its id from the previous frame. */
    PERSISTED,
    /** A previous component has no match in this frame; its id is retired. */
    VANISHED,
    /** Every component was dropped (scene cut, target class change, start): ids start afresh. */
    RESET
  }

  public TrackEvent {
    Objects.requireNonNull(type, "component event type must not be null");
    reason = reason == null ? "" : reason;
  }

  static TrackEvent reset(String reason) {
    return new TrackEvent(Type.RESET, -1, 0, 0, 0, reason);
  }
}
