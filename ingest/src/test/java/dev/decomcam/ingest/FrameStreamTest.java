package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStreamTest {
  private static List<DecodedFrame> collect(FrameStream.Options o) throws InterruptedException {
    return collect(o, new JpegCodec(0.85));
  }

  /** The frames of the shared pan video as ingest reads them: planar, at {@code jpeg}'s size. */
  private static List<DecodedFrame> collect(FrameStream.Options o, JpegCodec jpeg)
      throws InterruptedException {
    try (VideoSource src =
        VideoSource.openYuv(
            SharedMedia.video("eagle_pan.mp4").toString(), Duration.ofSeconds(2), jpeg)) {
      FrameStream s = new FrameStream(src, o, new Pacer(Pacer.Mode.FAST));
      List<DecodedFrame> out = new ArrayList<>();
      for (DecodedFrame f; (f = s.next()) != null; ) {
        out.add(f);
      }
      return out;
    }
  }

  @Test
  void keepsEveryNthFrame() throws Exception {
    List<DecodedFrame> frames = collect(new FrameStream.Options(7, false, 0));
    assertEquals((200 + 6) / 7, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(7L * i, frames.get(i).index());
    }
  }

  @Test
  void stopsAtMaxFrames() throws Exception {
    assertEquals(13, collect(new FrameStream.Options(2, false, 13)).size());
  }

  @Test
  void loopsAFileWithGrowingTimestamps() throws Exception {
    List<DecodedFrame> frames = collect(new FrameStream.Options(1, true, 450));
    assertEquals(450, frames.size());
    for (int i = 1; i < frames.size(); i++) {
      assertTrue(
          frames.get(i).ptsMicros() > frames.get(i - 1).ptsMicros(),
          "pts must grow across loops at " + i);
      assertEquals(i, frames.get(i).index());
    }
    // 25 fps: frame 400 (third pass) is about 16 s in
    assertEquals(16.0, frames.get(400).ptsMicros() / 1e6, 0.2);
  }

  @Test
  void loopsKeepingTheDownscale() throws Exception {
    List<DecodedFrame> frames =
        collect(new FrameStream.Options(1, true, 250), new JpegCodec(0.85, 320, 0));
    assertEquals(250, frames.size());
    for (DecodedFrame f : frames) {
      assertEquals(320, f.yuv().width(), "frame " + f.index());
      assertEquals(240, f.yuv().height(), "frame " + f.index());
    }
  }

  @Test
  void readsOnlyTheRangeSeekingToItsStart() throws Exception {
    // 25 fps: 2 s to 4 s is frames 50..99
    List<DecodedFrame> frames = collect(new FrameStream.Options(1, false, 0, 2_000_000, 4_000_000));
    assertEquals(50, frames.size());
    assertEquals(2.0, frames.get(0).ptsMicros() / 1e6, 0.001);
    assertEquals(3.96, frames.get(49).ptsMicros() / 1e6, 0.001);
    for (int i = 1; i < frames.size(); i++) {
      assertTrue(frames.get(i).ptsMicros() > frames.get(i - 1).ptsMicros());
    }
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> new FrameStream.Options(1, false, 0, 3, 2));
    assertThrows(
        IllegalArgumentException.class, () -> new FrameStream.Options(1, true, 0, 1_000_000, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameStream.Options(0, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameStream.Options(1, false, -1));
  }
}
