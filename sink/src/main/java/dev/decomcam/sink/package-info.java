/**
 * The sink service: joins frames with their explanations, renders overlays and publishes them to
 * the overlays topic ({@link dev.decomcam.sink.topology.SinkTopology}), and optionally records them
 * to MP4 per camera ({@link dev.decomcam.sink.record.OverlayRecorderService}). Entry points: {@link
 * dev.decomcam.sink.SinkService} with a {@link dev.decomcam.sink.SinkConfig}.
 */
package dev.decomcam.sink;
