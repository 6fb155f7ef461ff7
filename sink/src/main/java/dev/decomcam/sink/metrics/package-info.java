/**
 * What the sink reports for monitoring ({@link dev.decomcam.sink.metrics.SinkMetrics}), and the
 * overlay listener that measures each committed overlay's end-to-end latency; ops binds the reports
 * to Prometheus.
 */
package dev.decomcam.sink.metrics;
