package dev.decomcam.schemas.serde;

import dev.decomcam.schemas.ComponentEvent;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The product's topics with their default names (the README's Layout section lists them); every one
 * is keyed by camera id.
 */
public final class Topics {
  public static final AvroSerde<Frame> FRAME_SERDE = new AvroSerde<>(Frame.class);
  public static final AvroSerde<Explanation> EXPLANATION_SERDE = new AvroSerde<>(Explanation.class);
  public static final AvroSerde<ComponentEvent> COMPONENT_EVENT_SERDE =
      new AvroSerde<>(ComponentEvent.class);
  public static final AvroSerde<Overlay> OVERLAY_SERDE = new AvroSerde<>(Overlay.class);

  public static final Topic<String, Frame> FRAMES =
      new Topic<>("frames", Serdes.String(), FRAME_SERDE);
  public static final Topic<String, Explanation> EXPLANATIONS =
      new Topic<>("explanations", Serdes.String(), EXPLANATION_SERDE);
  public static final Topic<String, ComponentEvent> COMPONENT_EVENTS =
      new Topic<>("component-events", Serdes.String(), COMPONENT_EVENT_SERDE);
  public static final Topic<String, Overlay> OVERLAYS =
      new Topic<>("overlays", Serdes.String(), OVERLAY_SERDE);

  /** Original key and value bytes; the reason travels in headers (see {@link DeadLetters}). */
  public static final Topic<byte[], byte[]> DEAD_LETTER =
      new Topic<>("dead-letter", Serdes.ByteArray(), Serdes.ByteArray());

  private Topics() {}
}
