package dev.decomcam.ingest;

import dev.decomcam.common.image.JpegCodec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: ingest's grab and encode of a 640x480 frame of the shared {@code
 * eagle_pan.mp4} at quality 0.85 (and of a 768x576 frame of {@code vtest.avi} downscaled to
 * 320x240), the image path ({@link VideoSource#open}, then {@code encode(BufferedImage)}) against
 * the planar one ({@link VideoSource#openYuv}, then {@code encode(Yuv420)}), a frame of each in
 * turn in the same run so load hits both alike, each source looping the file. Prints mean ms per
 * frame of the grab, the encode and both, in wall time, and the process CPU time the two took (the
 * decoder runs threads of its own). Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=VideoSourceBench}; asserts nothing about time.
 */
class VideoSourceBench {

  @Test
  void imagePathVersusPlanarPath() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 600);
    compare("eagle_pan.mp4", new JpegCodec(0.85), reps);
    // ingest's max.width/max.height: Java2D scales the image, swscale the planes while decoding
    compare("vtest.avi", new JpegCodec(0.85, 320, 0), reps / 2);
  }

  private static void compare(String name, JpegCodec codec, int reps) {
    String video = SharedMedia.video(name).toString();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (VideoSource images = VideoSource.open(video, Duration.ofSeconds(10));
        VideoSource planes = VideoSource.openYuv(video, Duration.ofSeconds(10), codec)) {
      for (int round = 0; round < 3; round++) {
        // [path][grab, encode, process cpu]
        long[][] ns = new long[2][3];
        int counted = 0;
        long bytesOld = 0;
        long bytesNew = 0;
        for (int i = -reps / 3; i < reps; i++) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          DecodedFrame a = images.next();
          long t1 = System.nanoTime();
          JpegCodec.Encoded ea = a == null ? null : codec.encode(a.image());
          long t2 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          DecodedFrame b = planes.next();
          long t3 = System.nanoTime();
          JpegCodec.Encoded eb = b == null ? null : codec.encode(b.yuv());
          long t4 = System.nanoTime();
          long c2 = os.getProcessCpuTime();
          if (a == null || b == null) {
            // end of the file: start it again, and leave this frame (and the reopen) uncounted
            if (a == null) {
              images.rewind();
            }
            if (b == null) {
              planes.rewind();
            }
            continue;
          }
          if (i >= 0) {
            counted++;
            ns[0][0] += t1 - t0;
            ns[0][1] += t2 - t1;
            ns[0][2] += c1 - c0;
            ns[1][0] += t3 - t2;
            ns[1][1] += t4 - t3;
            ns[1][2] += c2 - c1;
            bytesOld += ea.bytes().length;
            bytesNew += eb.bytes().length;
          }
        }
        double n = counted * 1e6;
        System.out.printf(
            "bench ingest %s %dx%d q0.85 round %d (%d frames): image path grab %.2f + encode %.2f"
                + " = %.2f ms (cpu %.2f ms); planar path grab %.2f + encode %.2f = %.2f ms (cpu"
                + " %.2f ms); %.1fx wall, %.1fx cpu; JPEG %d B vs %d B%n",
            name,
            planes.width(),
            planes.height(),
            round,
            counted,
            ns[0][0] / n,
            ns[0][1] / n,
            (ns[0][0] + ns[0][1]) / n,
            ns[0][2] / n,
            ns[1][0] / n,
            ns[1][1] / n,
            (ns[1][0] + ns[1][1]) / n,
            ns[1][2] / n,
            (double) (ns[0][0] + ns[0][1]) / (ns[1][0] + ns[1][1]),
            (double) ns[0][2] / ns[1][2],
            bytesOld / counted,
            bytesNew / counted);
      }
    }
  }
}
