package dev.decomcam.processor.topology;

import dev.decomcam.processor.record.ComponentEvents;
import dev.decomcam.processor.track.TrackEvent;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.serde.DeadLetters;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The explain processor's three outputs: explanations, component events and dead letters. */
final class Outputs {
  private static final Logger LOG = LoggerFactory.getLogger(Outputs.class);

  private final ProcessorContext<Object, Object> context;
  private final ExplainMetrics metrics;

  Outputs(ProcessorContext<Object, Object> context, ExplainMetrics metrics) {
    this.context = context;
    this.metrics = metrics;
  }

  void explanation(String camera, Explanation e, long timestamp) {
    context.forward(new Record<>(camera, e, timestamp), ExplainTopology.EXPLANATIONS_SINK);
  }

  /**
   * A tracker event of {@code camera}'s frame {@code sequence} (-1: no frame, e.g. the camera
   * expired).
   */
  void event(String camera, long sequence, TrackEvent e, long timestamp) {
    context.forward(
        new Record<>(camera, ComponentEvents.toRecord(camera, sequence, e), timestamp),
        ExplainTopology.EVENTS_SINK);
  }

  /**
   * Forwards the record untouched to the dead-letter sink, with {@code reason} and its origin in
   * headers.
   */
  void deadLetter(PendingFrame p, String reason) {
    // one bounded line: a reason may quote what a hostile record carried
    LOG.warn(
        "dead-letter {}[{}]@{}: {}",
        p.topic(),
        p.partition(),
        p.offset(),
        DeadLetters.oneLine(reason));
    Record<Object, Object> out =
        new Record<>(
            p.key(),
            p.value(),
            p.timestamp(),
            DeadLetters.headers("explain-processor", reason, p.topic(), p.partition(), p.offset()));
    context.forward(out, ExplainTopology.DEAD_LETTER_SINK);
    metrics.deadLettered(reason);
  }
}
