package dev.decomcam.ops.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates a short demo video and decodes it back. */
class DemoVideoTest {

  private static final int FRAMES = 120;

  @TempDir static Path dir;
  private static Path mp4;
  private static GroundTruth written;

  @BeforeAll
  static void generate() throws Exception {
    mp4 = dir.resolve("demo.mp4");
    written = DemoVideo.generate(mp4, dir.resolve("demo.json"), 3, FRAMES);
  }

  @Test
  void decodesWithExpectedFramesAndSize() throws Exception {
    int decoded = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      assertEquals(DemoVideo.WIDTH, grabber.getImageWidth());
      assertEquals(DemoVideo.HEIGHT, grabber.getImageHeight());
      Frame f;
      while ((f = grabber.grabImage()) != null) {
        assertEquals(DemoVideo.WIDTH, f.imageWidth);
        decoded++;
      }
      grabber.stop();
    }
    assertEquals(FRAMES, decoded);
  }

  @Test
  void sidecarHasOneEntryPerFrameWithBoxesInside() throws Exception {
    GroundTruth gt = GroundTruth.read(dir.resolve("demo.json"));
    assertEquals(written, gt);
    assertEquals(FRAMES, gt.frames().size());
    Set<Integer> classes = new HashSet<>();
    for (int i = 0; i < FRAMES; i++) {
      GroundTruth.Frame f = gt.frames().get(i);
      assertEquals(i, f.frame());
      assertEquals(gt.labels().get(f.classIndex()), f.label());
      GroundTruth.Box b = f.box();
      assertTrue(
          b.x() >= 0 && b.y() >= 0 && b.x() + b.w() <= gt.width() && b.y() + b.h() <= gt.height(),
          "box " + b);
      assertTrue(b.w() > 20 && b.h() > 20, "target too small: " + b);
      classes.add(f.classIndex());
    }
    // 120 frames span three segments, each with a different class than the one before
    assertEquals(3, classes.size());
  }

  @Test
  void targetMovesSmoothly() {
    for (int i = 1; i < FRAMES; i++) {
      GroundTruth.Box a = written.frames().get(i - 1).box();
      GroundTruth.Box b = written.frames().get(i).box();
      if (i % DemoVideo.SEGMENT_FRAMES != 0) {
        double jump =
            Math.hypot(
                a.x() + a.w() / 2.0 - b.x() - b.w() / 2.0,
                a.y() + a.h() / 2.0 - b.y() - b.h() / 2.0);
        assertTrue(jump < 12, "target jumped " + jump + " px at frame " + i);
      }
    }
    assertNotEquals(written.frames().get(0).box(), written.frames().get(10).box());
  }

  @Test
  void sameSeedGivesSameTruthOtherSeedDiffers() throws Exception {
    GroundTruth again =
        DemoVideo.generate(dir.resolve("again.mp4"), dir.resolve("again.json"), 3, FRAMES);
    assertEquals(written, again);
    GroundTruth other =
        DemoVideo.generate(dir.resolve("other.mp4"), dir.resolve("other.json"), 4, FRAMES);
    assertNotEquals(written, other);
  }
}
