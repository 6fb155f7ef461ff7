/**
 * The explain-processor as a Kafka Streams application: topology, configuration, service lifecycle,
 * per-thread model pool, and the processor split by job (frame batching, camera state and expiry,
 * record decoding, outputs). The only package of the module that knows Kafka.
 */
package dev.decomcam.processor.topology;
