package dev.decomcam.sink.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.render.OverlayRenderer;
import java.nio.ByteBuffer;

/**
 * Makes the overlay of a joined frame: decodes the frame's JPEG once to planar YUV (no colour
 * conversion), hands the image and the explanation to be drawn to the renderer, encodes the drawing
 * as JPEG (again without one) and fills in the {@link Overlay} record with the latency (now minus
 * capture time), the time this took and which explanation was drawn (the frame's own, or for a
 * frame the processor skipped its camera's latest, with its age).
 */
final class OverlayMaker {

  private final SinkTopology.Deps deps;

  OverlayMaker(SinkTopology.Deps deps) {
    this.deps = deps;
  }

  /**
   * The overlay of camera {@code cam}'s frame {@code seq} drawn with its own explanation {@code e};
   * throws if the frame cannot be decoded or the explanation drawn.
   */
  Overlay explained(String cam, long seq, Frame f, Explanation e) {
    long t0 = System.nanoTime();
    long latency = latency(f);
    Yuv420 drawn = deps.renderer().render(image(f), e, latency);
    return overlay(cam, seq, f, drawn, latency, t0)
        .setLabel(e.getPredictedLabel())
        .setScore(e.getPredictedScore())
        .setSkipped(false)
        .setExplanationSequence(seq)
        .setExplanationAgeFrames(0)
        .setExplanationAgeMs(0)
        .build();
  }

  /**
   * The overlay of camera {@code cam}'s frame {@code seq}, which the processor skipped, drawn with
   * the camera's latest explanation {@code latest} (null when it has none yet: the frame alone);
   * throws if the frame cannot be decoded or {@code latest} drawn.
   */
  Overlay skipped(String cam, long seq, Frame f, Explanation latest) {
    long t0 = System.nanoTime();
    long latency = latency(f);
    if (latest == null) {
      Yuv420 drawn = deps.renderer().renderUnexplained(image(f), seq, latency);
      return overlay(cam, seq, f, drawn, latency, t0)
          .setLabel("")
          .setScore(0f)
          .setSkipped(true)
          .setExplanationSequence(-1)
          .setExplanationAgeFrames(0)
          .setExplanationAgeMs(0)
          .build();
    }
    long ageFrames = seq - latest.getSequence();
    long ageMs = f.getCaptureTimestampMs() - latest.getCaptureTimestampMs();
    Yuv420 drawn =
        deps.renderer()
            .renderReused(
                image(f), latest, new OverlayRenderer.Reuse(seq, ageFrames, ageMs), latency);
    return overlay(cam, seq, f, drawn, latency, t0)
        .setLabel(latest.getPredictedLabel())
        .setScore(latest.getPredictedScore())
        .setSkipped(true)
        .setExplanationSequence(latest.getSequence())
        .setExplanationAgeFrames(ageFrames)
        .setExplanationAgeMs(ageMs)
        .build();
  }

  private long latency(Frame f) {
    return Math.max(0, deps.clock().getAsLong() - f.getCaptureTimestampMs());
  }

  private Yuv420 image(Frame f) {
    return JpegCodec.decodeYuv(f.getImage(), deps.pixelLimit());
  }

  /** The overlay's fields that do not depend on which explanation was drawn. */
  private Overlay.Builder overlay(
      String cam, long seq, Frame f, Yuv420 drawn, long latency, long t0) {
    JpegCodec.Encoded jpeg = deps.jpeg().encode(drawn);
    return Overlay.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(f.getCaptureTimestampMs())
        .setWidth(jpeg.width())
        .setHeight(jpeg.height())
        .setEncoding("jpeg")
        .setImage(ByteBuffer.wrap(jpeg.bytes()))
        .setLatencyMs(latency)
        .setRenderMs((System.nanoTime() - t0) / 1e6f);
  }
}
