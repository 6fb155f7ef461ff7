package dev.decomcam.sink.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.JpegHeader;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.live.CatchUp;
import dev.decomcam.sink.render.OverlayRenderer;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * Makes the overlay of a joined frame: decodes the frame's JPEG once to planar YUV (no colour
 * conversion), hands the image and the explanation to be drawn to the renderer, encodes the drawing
 * as JPEG (again without one) and fills in the {@link Overlay} record with the latency (now minus
 * capture time), the time this took and which explanation was drawn (the frame's own, or for a
 * frame the processor skipped its camera's latest, with its age and the processor's skip reason;
 * for a frame whose explanation did not come in time the same, marked overdue with the sink's
 * reason). A live frame that comes late is decoded, drawn and encoded at a reduced size, or very
 * late passed through undrawn ({@link CatchUp}), so that a sink that fell behind catches up.
 */
final class OverlayMaker {

  private final SinkTopology.Deps deps;

  OverlayMaker(SinkTopology.Deps deps) {
    this.deps = deps;
  }

  /**
   * The overlay of camera {@code cam}'s frame {@code seq} drawn with its own explanation {@code e};
   * throws if the frame cannot be decoded or the explanation drawn. {@code frameIntervalMs} is the
   * camera's frame interval (negative = not known), for {@link CatchUp}.
   */
  Overlay explained(String cam, long seq, Frame f, Explanation e, long frameIntervalMs) {
    long t0 = System.nanoTime();
    long latency = latency(f);
    int r = reduction(f, latency, frameIntervalMs);
    return overlay(cam, seq, f, latency, r, t0, img -> deps.renderer().render(img, r, e, latency))
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
   * throws if the frame cannot be decoded or {@code latest} drawn. {@code reason} is the
   * processor's skip reason; {@code frameIntervalMs} as for {@link #explained}.
   */
  Overlay skipped(
      String cam, long seq, Frame f, Explanation latest, String reason, long frameIntervalMs) {
    long t0 = System.nanoTime();
    long latency = latency(f);
    int r = reduction(f, latency, frameIntervalMs);
    return withLatest(cam, seq, f, latest, latency, r, false, t0).setSkipReason(reason).build();
  }

  /**
   * The overlay of camera {@code cam}'s live frame {@code seq}, whose explanation did not come in
   * time ({@link CatchUp#overdue}), drawn as a skipped frame with the camera's latest explanation
   * {@code latest} (null: the frame alone).
   */
  Overlay overdue(String cam, long seq, Frame f, Explanation latest) {
    long t0 = System.nanoTime();
    long latency = latency(f);
    int r = deps.catchUp().reductionOverdue(latency, f.getWidth(), f.getHeight());
    return withLatest(cam, seq, f, latest, latency, r, true, t0)
        .setSkipReason(deps.catchUp().overdueReason())
        .setOverdue(true)
        .build();
  }

  /** The overlay of a frame drawn with its camera's latest explanation, but for the reason. */
  private Overlay.Builder withLatest(
      String cam,
      long seq,
      Frame f,
      Explanation latest,
      long latency,
      int r,
      boolean overdue,
      long t0) {
    if (latest == null) {
      return overlay(
              cam,
              seq,
              f,
              latency,
              r,
              t0,
              img -> deps.renderer().renderUnexplained(img, seq, latency, overdue))
          .setLabel("")
          .setScore(0f)
          .setSkipped(true)
          .setExplanationSequence(-1)
          .setExplanationAgeFrames(0)
          .setExplanationAgeMs(0);
    }
    long ageFrames = seq - latest.getSequence();
    long ageMs = f.getCaptureTimestampMs() - latest.getCaptureTimestampMs();
    OverlayRenderer.Reuse reuse = new OverlayRenderer.Reuse(seq, ageFrames, ageMs, overdue);
    return overlay(
            cam,
            seq,
            f,
            latency,
            r,
            t0,
            img -> deps.renderer().renderReused(img, r, latest, reuse, latency))
        .setLabel(latest.getPredictedLabel())
        .setScore(latest.getPredictedScore())
        .setSkipped(true)
        .setExplanationSequence(latest.getSequence())
        .setExplanationAgeFrames(ageFrames)
        .setExplanationAgeMs(ageMs);
  }

  private long latency(Frame f) {
    return Math.max(0, deps.clock().getAsLong() - f.getCaptureTimestampMs());
  }

  /**
   * How small to draw {@code f}: a live frame that comes late is drawn reduced ({@link CatchUp}).
   */
  private int reduction(Frame f, long latency, long frameIntervalMs) {
    return deps.catchUp()
        .reduction(f.getLive(), latency, frameIntervalMs, f.getWidth(), f.getHeight());
  }

  /**
   * The overlay's fields that do not depend on which explanation was drawn: the frame decoded at
   * {@code reduction}, handed to {@code draw} and encoded, or for {@link CatchUp#PASS_THROUGH} the
   * frame's own JPEG, its structure and size checked from the header but not decoded.
   */
  private Overlay.Builder overlay(
      String cam,
      long seq,
      Frame f,
      long latency,
      int reduction,
      long t0,
      UnaryOperator<Yuv420> draw) {
    ByteBuffer image;
    int width;
    int height;
    if (reduction == CatchUp.PASS_THROUGH) {
      byte[] bytes = JpegCodec.bytes(f.getImage());
      if (!JpegHeader.isJpeg(bytes)) {
        throw new IllegalArgumentException(
            "frame image is not a JPEG: ingest must publish JPEG frames");
      }
      JpegHeader header = JpegHeader.read(bytes, deps.pixelLimit());
      image = ByteBuffer.wrap(bytes);
      width = header.width();
      height = header.height();
    } else {
      Yuv420 frame = JpegCodec.decodeYuvReduced(f.getImage(), deps.pixelLimit(), reduction);
      JpegCodec.Encoded jpeg = deps.jpeg().encode(draw.apply(frame));
      image = ByteBuffer.wrap(jpeg.bytes());
      width = jpeg.width();
      height = jpeg.height();
    }
    return Overlay.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(f.getCaptureTimestampMs())
        .setWidth(width)
        .setHeight(height)
        .setEncoding("jpeg")
        .setImage(image)
        .setLatencyMs(latency)
        .setReduction(reduction)
        .setRenderMs((System.nanoTime() - t0) / 1e6f);
  }
}
