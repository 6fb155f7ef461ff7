package dev.decomcam.sink.record;

import dev.decomcam.common.image.JpegCodec;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The MP4 recorder's write path before it took planar YUV, for one camera, kept to compare against:
 * each overlay JPEG is decoded to a BGR image, converted to a JavaCV frame by {@link
 * Java2DFrameConverter} and handed to {@link FFmpegFrameRecorder}, whose swscale converts it to
 * YUV420P. Same codec settings as {@link Mp4Recorder}; images must have the file's size.
 */
final class BaselineMp4Recorder implements AutoCloseable {
  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();

  BaselineMp4Recorder(Path file, int width, int height, double fps) throws FrameRecorder.Exception {
    recorder = new FFmpegFrameRecorder(file.toString(), width, height, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    recorder.setVideoQuality(3);
    recorder.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
    recorder.start();
  }

  void write(ByteBuffer jpeg) throws FrameRecorder.Exception {
    write(JpegCodec.decode(jpeg));
  }

  /** The record step alone, for an image already decoded. */
  void write(BufferedImage img) throws FrameRecorder.Exception {
    recorder.record(converter.convert(img));
  }

  @Override
  public void close() throws FrameRecorder.Exception {
    recorder.close();
    converter.close();
  }
}
