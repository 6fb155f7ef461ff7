package dev.decomcam.processor.record;

import dev.decomcam.processor.track.TrackEvent;
import dev.decomcam.schemas.ComponentEventType;

/** Maps the tracker's events to the {@code ComponentEvent} Avro record. */
public final class ComponentEvents {
  private ComponentEvents() {}

  public static dev.decomcam.schemas.ComponentEvent toRecord(
      String camera, long sequence, TrackEvent e) {
    return dev.decomcam.schemas.ComponentEvent.newBuilder()
        .setCameraId(camera)
        .setSequence(sequence)
        .setType(ComponentEventType.valueOf(e.type().name()))
        .setComponentId(e.id())
        .setSimilarity((float) e.similarity())
        .setEnergyShare((float) e.energyShare())
        .setWeight((float) e.weight())
        .setReason(e.reason() == null ? "" : e.reason())
        .build();
  }

  /** A component forgotten with its camera (no frame of it). */
  public static TrackEvent vanished(int id, String reason) {
    return new TrackEvent(TrackEvent.Type.VANISHED, id, 0, 0, 0, reason);
  }
}
