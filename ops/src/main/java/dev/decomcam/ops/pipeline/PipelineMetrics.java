package dev.decomcam.ops.pipeline;

import dev.decomcam.ingest.IngestMetrics;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.sink.metrics.SinkMetrics;
import java.util.function.Consumer;

/**
 * What each service of a {@link LocalPipeline} reports to, and what to do once processor and sink
 * run (e.g. add their Streams clients' consumer lag).
 *
 * @param ingest shared by every camera's ingest
 * @param started called with the pipeline once processor and sink have started
 */
public record PipelineMetrics(
    ExplainMetrics processor,
    IngestMetrics ingest,
    SinkMetrics sink,
    Consumer<LocalPipeline> started) {

  public PipelineMetrics {
    if (processor == null || ingest == null || sink == null || started == null) {
      throw new IllegalArgumentException(
          "pipeline metrics need all four parts: pass ExplainMetrics.NONE, IngestMetrics.NONE,"
              + " SinkMetrics.NONE or p -> {} for those not wanted");
    }
  }

  /** Only the processor reports ({@code processor}); ingest and sink report nothing. */
  public static PipelineMetrics processorOnly(ExplainMetrics processor) {
    return new PipelineMetrics(processor, IngestMetrics.NONE, SinkMetrics.NONE, p -> {});
  }
}
