package dev.decomcam.sink.record;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Overlay-like JPEGs from the shared videos, and MP4 files read back, for recorder tests. */
final class Mp4Media {
  private Mp4Media() {}

  /** The first {@code n} frames of a shared video as JPEGs at quality 0.85; skips when absent. */
  static List<byte[]> jpegFrames(String video, int n) throws Exception {
    Path p =
        Path.of(System.getProperty("decomcam.root", "."))
            .resolve("../shared/media/video")
            .resolve(video)
            .normalize();
    assumeTrue(Files.isRegularFile(p), "shared media absent: " + p);
    JpegCodec codec = new JpegCodec(0.85);
    List<byte[]> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(p.toString());
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      g.start();
      for (Frame f; out.size() < n && (f = g.grabImage()) != null; ) {
        out.add(codec.encode(conv.getBufferedImage(f)).bytes());
      }
    }
    return out;
  }

  /** Every frame of a video file as BGR images. */
  static List<BufferedImage> images(Path video) throws Exception {
    List<BufferedImage> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString());
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      g.start();
      for (Frame f; (f = g.grabImage()) != null; ) {
        BufferedImage img = conv.getBufferedImage(f);
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
        copy.setData(img.getData());
        out.add(copy);
      }
    }
    return out;
  }

  /**
   * Every frame of a video file as its planes in the video's own range (YUV420P: swscale only
   * copies them), without padding.
   */
  static List<Yuv420> planes(Path video) throws Exception {
    List<Yuv420> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      g.start();
      for (Frame f; (f = g.grabImage()) != null; ) {
        AVFrame pic = (AVFrame) f.opaque;
        Yuv420 y = Yuv420.black(pic.width(), pic.height());
        copy(pic, 0, y.y(), y.width(), y.height());
        copy(pic, 1, y.u(), y.chromaWidth(), y.chromaHeight());
        copy(pic, 2, y.v(), y.chromaWidth(), y.chromaHeight());
        out.add(y);
      }
    }
    return out;
  }

  private static void copy(AVFrame pic, int plane, byte[] dst, int w, int h) {
    for (int row = 0; row < h; row++) {
      pic.data(plane).position((long) row * pic.linesize(plane)).get(dst, row * w, w);
    }
  }

  /** Mean of each of B, G, R. */
  static double[] meanBgr(BufferedImage img) {
    double[] s = new double[3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        s[0] += p & 255;
        s[1] += (p >> 8) & 255;
        s[2] += (p >> 16) & 255;
      }
    }
    int n = img.getWidth() * img.getHeight();
    return new double[] {s[0] / n, s[1] / n, s[2] / n};
  }

  /** Mean of {@code b - a} and mean of {@code |b - a|} over two planes of the same size. */
  static double[] diff(byte[] a, byte[] b) {
    double d = 0;
    double ad = 0;
    for (int i = 0; i < a.length; i++) {
      int x = (b[i] & 255) - (a[i] & 255);
      d += x;
      ad += Math.abs(x);
    }
    return new double[] {d / a.length, ad / a.length};
  }

  /** Full-range planes at limited range, rounded: what an MP4 of the image should hold. */
  static Yuv420 limited(Yuv420 full) {
    Yuv420 out = Yuv420.black(full.width(), full.height());
    for (int i = 0; i < full.y().length; i++) {
      out.y()[i] = (byte) Math.round(16 + (full.y()[i] & 255) * 219 / 255.0);
    }
    for (int i = 0; i < full.u().length; i++) {
      out.u()[i] = (byte) Math.round(128 + ((full.u()[i] & 255) - 128) * 224 / 255.0);
      out.v()[i] = (byte) Math.round(128 + ((full.v()[i] & 255) - 128) * 224 / 255.0);
    }
    return out;
  }
}
