/**
 * Recording of overlay frames to MP4 files, one per camera, with JavaCV's FFmpeg recorder; and the
 * consumer of the overlays topic that feeds it, kept out of the Kafka Streams topology so writing
 * files can never affect the exactly-once overlays output.
 */
package dev.decomcam.sink.record;
