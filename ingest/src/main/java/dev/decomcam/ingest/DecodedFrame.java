package dev.decomcam.ingest;

import dev.decomcam.common.image.Yuv420;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One decoded frame that owns its pixels (copied out of JavaCV's reused buffers), as a {@link
 * VideoSource} delivers them: a BGR {@link BufferedImage} or planar {@link Yuv420}. The other form
 * is converted in Java on request, once, for code off the video path (tests, tools).
 */
public final class DecodedFrame {
  private BufferedImage image;
  private Yuv420 yuv;
  private final long ptsMicros;
  private final long index;

  /**
   * @param image the pixels, BGR or RGB without alpha
   * @param ptsMicros presentation timestamp, microseconds from stream start; keeps growing across
   *     loops
   * @param index 0-based count of frames read from the source (before sampling)
   */
  public DecodedFrame(BufferedImage image, long ptsMicros, long index) {
    this(Objects.requireNonNull(image, "decoded frame image"), null, ptsMicros, index);
  }

  /** A frame of planar full-range YUV 4:2:0 pixels; the rest as {@link #DecodedFrame}. */
  public DecodedFrame(Yuv420 yuv, long ptsMicros, long index) {
    this(null, Objects.requireNonNull(yuv, "decoded frame planes"), ptsMicros, index);
  }

  private DecodedFrame(BufferedImage image, Yuv420 yuv, long ptsMicros, long index) {
    this.image = image;
    this.yuv = yuv;
    this.ptsMicros = ptsMicros;
    this.index = index;
  }

  /** This frame with another index (the same pixels, not copied). */
  public synchronized DecodedFrame withIndex(long newIndex) {
    return new DecodedFrame(image, yuv, ptsMicros, newIndex);
  }

  /** The pixels as an image; converted from the planes ({@link Yuv420#toImage()}) on first call. */
  public synchronized BufferedImage image() {
    if (image == null) {
      image = yuv.toImage();
    }
    return image;
  }

  /**
   * The pixels as planar YUV 4:2:0; converted from the image ({@link Yuv420#fromImage}) on first
   * call.
   */
  public synchronized Yuv420 yuv() {
    if (yuv == null) {
      yuv = Yuv420.fromImage(image);
    }
    return yuv;
  }

  public synchronized int width() {
    return yuv != null ? yuv.width() : image.getWidth();
  }

  public synchronized int height() {
    return yuv != null ? yuv.height() : image.getHeight();
  }

  /** Presentation timestamp, microseconds from stream start; keeps growing across loops. */
  public long ptsMicros() {
    return ptsMicros;
  }

  /** 0-based count of frames read from the source (before sampling). */
  public long index() {
    return index;
  }
}
