package dev.decomcam.processor.topology;

import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.schemas.serde.Topic;
import dev.decomcam.schemas.serde.Topics;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The explain-processor's topology: {@code frames} → explain → {@code explanations}, with bad
 * records routed to {@code dead-letter}.
 *
 * <pre>
 *   frames-source (bytes) ──► explain ──► explanations-sink   (key camera id, Explanation)
 *                                    └──► dead-letter-sink    (original bytes + reason headers)
 * </pre>
 *
 * Per-camera order is the partition's order, and each record is processed once under
 * exactly_once_v2: the explanation and the consumed offset commit in one transaction.
 */
public final class ExplainTopology {
  static final String SOURCE = "frames-source";
  static final String EXPLAIN = "explain";
  static final String EXPLANATIONS_SINK = "explanations-sink";
  static final String DEAD_LETTER_SINK = "dead-letter-sink";

  /** Topic names and limits. */
  public record Options(String framesTopic, String explanationsTopic, String deadLetterTopic, int maxFrameBytes) {
    public static Options defaults() {
      return new Options(Topics.FRAMES.name(), Topics.EXPLANATIONS.name(), Topics.DEAD_LETTER.name(), 4 << 20);
    }
  }

  private ExplainTopology() {}

  /**
   * @param explainers gives the calling stream thread its explainer (one model per thread)
   */
  public static Topology build(Options options, Supplier<FrameExplainer> explainers, ExplainMetrics metrics) {
    Topic<String, ?> explanations = Topics.EXPLANATIONS.withName(options.explanationsTopic());
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        options.framesTopic());
    topology.addProcessor(EXPLAIN, () -> new ExplainProcessor(explainers, options, metrics), SOURCE);
    topology.addSink(EXPLANATIONS_SINK, explanations.name(), Serdes.String().serializer(),
        Topics.EXPLANATION_SERDE.serializer(), EXPLAIN);
    topology.addSink(DEAD_LETTER_SINK, options.deadLetterTopic(), Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(), EXPLAIN);
    return topology;
  }
}
