/**
 * Recording of overlay frames to MP4 files per camera, rolling segments with a sidecar index, with
 * JavaCV's FFmpeg recorder; fed by the sink's overlay feed, kept out of the Kafka Streams topology
 * so writing files can never affect the exactly-once overlays output.
 */
package dev.decomcam.sink.record;
