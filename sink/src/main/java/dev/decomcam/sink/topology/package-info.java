/**
 * The sink's Kafka Streams topology: a Processor API join of frames and explanations by camera and
 * sequence over persistent state stores, overlay rendering, and dead-lettering of records that
 * cannot be decoded or rendered.
 */
package dev.decomcam.sink.topology;
