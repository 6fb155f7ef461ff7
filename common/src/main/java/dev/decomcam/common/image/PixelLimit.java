package dev.decomcam.common.image;

import java.util.Locale;

/**
 * The most pixels a decoder will allocate for one image, checked against the size an image's header
 * claims before any pixel memory is allocated: a few hundred bytes of hostile JPEG can claim
 * 65535×65535 pixels (12 GiB of BGR). The default, {@link #DEFAULT}, is 40 megapixels: 8K UHD video
 * (7680×4320, 33.2 Mpx) and the photos of most cameras fit, while one decode stays under 120 MB of
 * heap for the BGR image plus as much native memory for the decoder's planes, so a few stream
 * threads decoding at once stay well inside a service's heap.
 *
 * @param maxPixels width × height an image may have, at least 1
 */
public record PixelLimit(long maxPixels) {
  /** The configuration key of the limit in the services that decode images. */
  public static final String SETTING = "image.max.pixels";

  /** 40 megapixels. */
  public static final PixelLimit DEFAULT = new PixelLimit(40_000_000L);

  public PixelLimit {
    if (maxPixels < 1) {
      throw new IllegalArgumentException(
          "pixel limit " + maxPixels + ": use a positive pixel count, e.g. 40000000");
    }
  }

  /**
   * A one-line {@link IllegalArgumentException} naming {@code what} when {@code width}×{@code
   * height} is over.
   */
  public void check(String what, long width, long height) {
    if (width * height > maxPixels) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s of %dx%d (%.1f Mpx) is over the %.1f Mpx pixel limit: downscale it at the source"
                  + " (e.g. ingest's max.width/max.height) or raise image.max.pixels",
              what,
              width,
              height,
              width * height / 1e6,
              maxPixels / 1e6));
    }
  }
}
