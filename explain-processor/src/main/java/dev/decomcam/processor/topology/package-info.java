/**
 * The explain-processor as a Kafka Streams application: topology, configuration, service
 * lifecycle, per-thread model pool and the mapping of results to Avro records. The only package
 * of the module that knows Kafka.
 */
package dev.decomcam.processor.topology;
