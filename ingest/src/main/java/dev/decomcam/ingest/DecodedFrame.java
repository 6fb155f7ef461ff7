package dev.decomcam.ingest;

import java.awt.image.BufferedImage;

/**
 * One decoded frame that owns its pixels (copied out of JavaCV's reused buffers).
 *
 * @param image the pixels, BGR or RGB without alpha
 * @param ptsMicros presentation timestamp, microseconds from stream start; keeps growing across
 *     loops
 * @param index 0-based count of frames read from the source (before sampling)
 */
public record DecodedFrame(BufferedImage image, long ptsMicros, long index) {}
