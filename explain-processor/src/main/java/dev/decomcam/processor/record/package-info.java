/**
 * The explain-processor's results as Avro records: an explained frame as an {@code Explanation}
 * (saliency and components quantised to 8 bits), a skipped frame as a skip record ({@code
 * Explanation.skipped}) and the tracker's events as {@code ComponentEvent}s. Shared by the stream
 * topology and the command-line tools; no Kafka.
 */
package dev.decomcam.processor.record;
