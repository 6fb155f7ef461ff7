/**
 * Ingest: reads video from a file, an RTSP/HTTP URL or a capture device with JavaCV/FFmpeg, paces
 * and samples it, re-encodes each frame as JPEG and publishes {@code Frame} records to the {@code
 * frames} topic keyed by camera id.
 *
 * <p>Entry points: {@link dev.decomcam.ingest.IngestService} with an {@link
 * dev.decomcam.ingest.IngestConfig}; the parts ({@link dev.decomcam.ingest.VideoSource}, {@link
 * dev.decomcam.ingest.FrameStream}, {@link dev.decomcam.ingest.Pacer}, {@link
 * dev.decomcam.common.image.JpegCodec}, {@link dev.decomcam.ingest.FramePublisher}) are usable on
 * their own, e.g. by benchmarks that decode without Kafka.
 */
package dev.decomcam.ingest;
