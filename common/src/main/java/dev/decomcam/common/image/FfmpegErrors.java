package dev.decomcam.common.image;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg's negative error codes as one-line text. */
final class FfmpegErrors {
  private FfmpegErrors() {}

  static String describe(int rc) {
    byte[] buf = new byte[256];
    if (av_strerror(rc, buf, buf.length) < 0) {
      return "FFmpeg error " + rc;
    }
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII).replace('\n', ' ')
        + " ("
        + rc
        + ")";
  }
}
