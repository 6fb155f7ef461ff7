package dev.decomcam.sink.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * Makes the overlay of a joined frame and explanation: decodes both, hands the image to the
 * renderer, encodes the drawing as JPEG and fills in the {@link Overlay} record with the latency
 * (now minus capture time) and the time this took.
 */
final class OverlayMaker {

  private final SinkTopology.Deps deps;
  private final JoinRecords records;

  OverlayMaker(SinkTopology.Deps deps, JoinRecords records) {
    this.deps = deps;
    this.records = records;
  }

  /**
   * The overlay of camera {@code cam}'s frame {@code seq}; throws if a record cannot be decoded or
   * drawn.
   */
  Overlay make(String cam, long seq, byte[] frameBytes, byte[] explanationBytes) {
    long t0 = System.nanoTime();
    Frame f = records.frame(frameBytes);
    Explanation e = records.explanation(explanationBytes);
    BufferedImage img = JpegCodec.decode(bytes(f.getImage()));
    long latency = Math.max(0, deps.clock().getAsLong() - f.getCaptureTimestampMs());
    BufferedImage drawn = deps.renderer().render(img, e, latency);
    JpegCodec.Encoded jpeg = deps.jpeg().encode(drawn);
    return Overlay.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(f.getCaptureTimestampMs())
        .setWidth(jpeg.width())
        .setHeight(jpeg.height())
        .setEncoding("jpeg")
        .setImage(ByteBuffer.wrap(jpeg.bytes()))
        .setLabel(e.getPredictedLabel())
        .setScore(e.getPredictedScore())
        .setLatencyMs(latency)
        .setRenderMs((System.nanoTime() - t0) / 1e6f)
        .build();
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
