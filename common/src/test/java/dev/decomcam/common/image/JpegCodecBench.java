package dev.decomcam.common.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: ImageIO against what {@link JpegCodec} runs (FFmpeg's decoder,
 * libjpeg-turbo's encoder), JPEG decode and encode of a 640×480 photo frame at quality 0.85, and
 * the former encoder (FFmpeg's MJPEG, {@link BaselineMjpegEncoder}) against libjpeg-turbo on an RGB
 * and on a planar frame, each pair measured in the same run, call by call in turn, so the ratio
 * holds on a noisy shared machine; also the file sizes, and the pixel differences of the two
 * decoders on the shared photos. Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=JpegCodecBench}; prints, asserts nothing about time.
 */
class JpegCodecBench {

  @Test
  void imageIoVersusFfmpeg() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 300);
    BufferedImage frame = ImageIoJpeg.frame640();
    JpegCodec codec = new JpegCodec(0.85);
    byte[] viaImageIo = ImageIoJpeg.encode(frame, 0.85f);
    byte[] viaFfmpeg = codec.encode(frame).bytes();
    System.out.printf(
        "bench 640x480 q0.85 file size: ImageIO %d B, FFmpeg %d B (%.2fx)%n",
        viaImageIo.length, viaFfmpeg.length, (double) viaFfmpeg.length / viaImageIo.length);
    for (int round = 0; round < 3; round++) {
      double[] dec =
          interleaved(
              reps, () -> ImageIoJpeg.decode(viaImageIo), () -> JpegCodec.decode(viaImageIo));
      double[] enc =
          interleaved(reps, () -> ImageIoJpeg.encode(frame, 0.85f), () -> codec.encode(frame));
      System.out.printf(
          "bench 640x480 round %d: decode ImageIO %.2f ms, FFmpeg %.2f ms (%.1fx); "
              + "encode ImageIO %.2f ms, FFmpeg %.2f ms (%.1fx)%n",
          round, dec[0], dec[1], dec[0] / dec[1], enc[0], enc[1], enc[0] / enc[1]);
    }
    Yuv420 planar = Yuv420.fromImage(frame);
    try (BaselineMjpegEncoder former = new BaselineMjpegEncoder()) {
      System.out.printf(
          "bench 640x480 q0.85 file size: former FFmpeg encoder %d B, libjpeg-turbo %d B%n",
          former.encode(frame, 0.85).length, viaFfmpeg.length);
      for (int round = 0; round < 3; round++) {
        double[] rgb =
            interleaved(reps, () -> former.encode(frame, 0.85), () -> codec.encode(frame));
        double[] yuv =
            interleaved(reps, () -> former.encode(planar, 0.85), () -> codec.encode(planar));
        System.out.printf(
            "bench 640x480 round %d: encode RGB former FFmpeg %.2f ms, libjpeg-turbo %.2f ms"
                + " (%.1fx); planar YUV former FFmpeg %.2f ms, libjpeg-turbo %.2f ms (%.1fx)%n",
            round, rgb[0], rgb[1], rgb[0] / rgb[1], yuv[0], yuv[1], yuv[0] / yuv[1]);
      }
    }
    for (String by : new String[] {"ImageIO", "FFmpeg"}) {
      byte[] bytes = by.equals("ImageIO") ? viaImageIo : viaFfmpeg;
      double[] d = ImageIoJpeg.meanAbsDiff(ImageIoJpeg.decode(bytes), JpegCodec.decode(bytes));
      System.out.printf(
          "bench 640x480 frame encoded by %s: mean |FFmpeg - ImageIO| decoded B %.2f G %.2f R"
              + " %.2f%n",
          by, d[0], d[1], d[2]);
    }
    for (Path p : ImageIoJpeg.photos()) {
      byte[] bytes = ImageIoJpeg.read(p);
      BufferedImage io = ImageIoJpeg.decode(bytes);
      BufferedImage ff = JpegCodec.decode(bytes);
      double[] d = ImageIoJpeg.meanAbsDiff(io, ff);
      double[] dec =
          interleaved(20, () -> ImageIoJpeg.decode(bytes), () -> JpegCodec.decode(bytes));
      System.out.printf(
          "bench %s %dx%d: mean |FFmpeg - ImageIO| B %.2f G %.2f R %.2f; decode ImageIO %.2f ms, "
              + "FFmpeg %.2f ms (%.1fx)%n",
          p.getFileName(),
          io.getWidth(),
          io.getHeight(),
          d[0],
          d[1],
          d[2],
          dec[0],
          dec[1],
          dec[0] / dec[1]);
    }
  }

  /**
   * Mean ms per call of {@code a} and of {@code b}, called in turn so that load hits both alike,
   * after a warm-up.
   */
  static double[] interleaved(int reps, Runnable a, Runnable b) {
    long[] ns = new long[2];
    for (int i = -Math.max(1, reps / 3); i < reps; i++) {
      long t0 = System.nanoTime();
      a.run();
      long t1 = System.nanoTime();
      b.run();
      long t2 = System.nanoTime();
      if (i >= 0) {
        ns[0] += t1 - t0;
        ns[1] += t2 - t1;
      }
    }
    return new double[] {ns[0] / 1e6 / reps, ns[1] / 1e6 / reps};
  }
}
