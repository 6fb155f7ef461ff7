/**
 * Glue between an engine and a saliency method: one image in, an {@link
 * dev.decomcam.processor.explain.ExplainedFrame} out. Used by the stream topology and by the
 * command-line tools alike; free of Kafka and I/O.
 */
package dev.decomcam.processor.explain;
