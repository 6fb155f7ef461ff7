package dev.decomcam.sink.record;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: the sink's MP4 recorder on 640x480 overlay JPEGs (frames of the
 * shared {@code eagle_pan.mp4} at quality 0.85), the path before ({@link BaselineMp4Recorder}: BGR
 * decode, Java2D frame conversion, swscale to YUV420P) against {@link Mp4Recorder}'s (planar
 * decode, range mapping, no swscale), an overlay of each in turn in the same run so load hits both
 * alike, each into its own file. Prints mean ms per overlay of the decode, the record and both, and
 * the process CPU time they took. Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=Mp4RecorderBench}; asserts nothing about time.
 */
class Mp4RecorderBench {

  @Test
  void baselineVersusPlanarRecorder() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 600);
    List<byte[]> jpegs = Mp4Media.jpegFrames("eagle_pan.mp4", 50);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path dir = Files.createTempDirectory("mp4bench");
    try {
      for (int round = 0; round < 3; round++) {
        Path before = dir.resolve("baseline-" + round + ".mp4");
        // [path][decode, record, process cpu]
        long[][] ns = new long[2][3];
        try (BaselineMp4Recorder old = new BaselineMp4Recorder(before, 640, 480, 25);
            Mp4Recorder now = new Mp4Recorder(dir.resolve("planar-" + round), 25)) {
          for (int i = -reps / 3; i < reps; i++) {
            ByteBuffer jpeg = ByteBuffer.wrap(jpegs.get(Math.floorMod(i, jpegs.size())));
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            BufferedImage img = JpegCodec.decode(jpeg);
            long t1 = System.nanoTime();
            old.write(img);
            long t2 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            Yuv420 yuv = JpegCodec.decodeYuv(jpeg);
            long t3 = System.nanoTime();
            now.write("cam", yuv);
            long t4 = System.nanoTime();
            long c2 = os.getProcessCpuTime();
            if (i >= 0) {
              ns[0][0] += t1 - t0;
              ns[0][1] += t2 - t1;
              ns[0][2] += c1 - c0;
              ns[1][0] += t3 - t2;
              ns[1][1] += t4 - t3;
              ns[1][2] += c2 - c1;
            }
          }
        }
        double n = reps * 1e6;
        System.out.printf(
            "bench recorder 640x480 round %d: before decode %.2f + record %.2f = %.2f ms (cpu %.2f"
                + " ms); planar decode %.2f + record %.2f = %.2f ms (cpu %.2f ms); %.1fx wall,"
                + " %.1fx cpu%n",
            round,
            ns[0][0] / n,
            ns[0][1] / n,
            (ns[0][0] + ns[0][1]) / n,
            ns[0][2] / n,
            ns[1][0] / n,
            ns[1][1] / n,
            (ns[1][0] + ns[1][1]) / n,
            ns[1][2] / n,
            (double) (ns[0][0] + ns[0][1]) / (ns[1][0] + ns[1][1]),
            (double) ns[0][2] / ns[1][2]);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
