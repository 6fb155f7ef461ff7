package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** target.sticky: a camera keeps its explained class while the class stays in the frame's top N. */
class StickyTargetTest {

  static BufferedImage tinted(Color c) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 32, 32);
    g.setColor(Color.WHITE);
    g.fillRect(4, 4, 10, 10);
    g.dispose();
    return img;
  }

  private static ExplainedFrame<?>[] twoFrames(int sticky) {
    StreamingDecomCam method =
        new StreamingDecomCam(StreamingConfig.of(DecomCamConfig.defaults().withSigma(2)));
    FrameExplainer<StreamingState> e = new FrameExplainer<>(new ColourModel(), method, -1, sticky);
    ExplainedFrame<StreamingState> first =
        e.explain(tinted(new Color(200, 40, 40)), 0, method.coldState()); // red wins
    ExplainedFrame<StreamingState> second =
        e.explain(tinted(new Color(40, 40, 200)), 40, first.next()); // blue wins
    return new ExplainedFrame<?>[] {first, second};
  }

  @Test
  void topOneFollowsEveryChangeOfTheWinningClass() {
    ExplainedFrame<?>[] f = twoFrames(1);
    assertEquals(0, f[0].forward().target());
    assertEquals(1, f[1].forward().target());
    assertTrue(f[1].saliency().tracking().reset(), "a new target class resets the components");
  }

  @Test
  void stickyKeepsTheCamerasClassWhileItStaysInTheTopN() {
    ExplainedFrame<?>[] f = twoFrames(2);
    assertEquals(1, f[1].forward().top1(), "blue is the frame's top-1 class");
    assertEquals(0, f[1].forward().target(), "but red, still in the top 2, stays explained");
    assertFalse(f[1].saliency().tracking().reset());
  }
}
