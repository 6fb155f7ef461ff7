package dev.decomcam.sink.topology;

import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.sink.metrics.SinkMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record the join cannot use to the dead-letter sink with its original bytes and headers
 * saying the stage, the one-line error and where it came from (the explanations topic when the
 * record was stored before), and logs it.
 */
final class DeadLetterForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterForwarder.class);

  private final ProcessorContext<Object, Object> context;
  private final String storedTopic;
  private final SinkMetrics metrics;

  /**
   * {@code storedTopic} is named as the origin of records that come out of a store (no metadata);
   * {@code metrics} counts each dead letter by stage.
   */
  DeadLetterForwarder(
      ProcessorContext<Object, Object> context, String storedTopic, SinkMetrics metrics) {
    this.context = context;
    this.storedTopic = storedTopic;
    this.metrics = metrics;
  }

  void forward(
      byte[] key, byte[] value, long timestamp, String stage, String error, RecordMetadata meta) {
    String oneLine = DeadLetters.oneLine(error);
    LOG.warn("dead letter ({}): {}", stage, oneLine);
    var headers =
        DeadLetters.headers(
            stage,
            oneLine,
            meta == null ? storedTopic : meta.topic(),
            meta == null ? -1 : meta.partition(),
            meta == null ? -1 : meta.offset());
    context.forward(
        new Record<Object, Object>(key, value, timestamp, headers), SinkTopology.DEAD_LETTER_SINK);
    metrics.deadLettered(stage);
  }
}
