/**
 * Kafka serdes for the Avro contracts (single-object encoding, no registry), the topic descriptors
 * and dead-letter headers. The generated record classes live in {@code dev.decomcam.schemas}; their
 * sources are the {@code .avsc} files under {@code src/main/resources/avro}.
 */
package dev.decomcam.schemas.serde;
