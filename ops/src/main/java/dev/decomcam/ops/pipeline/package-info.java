/**
 * Running the whole pipeline in one process (broker, ingest, processor, sink) and reading its
 * output back: used by {@code ./decomcam demo} and the end-to-end integration tests.
 */
package dev.decomcam.ops.pipeline;
