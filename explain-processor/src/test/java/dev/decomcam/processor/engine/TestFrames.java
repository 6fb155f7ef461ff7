package dev.decomcam.processor.engine;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Test frames made from photos. */
public final class TestFrames {
  private TestFrames() {}

  /** {@code src} stretched bilinearly to a {@code width x height} BGR frame, as a camera's. */
  public static BufferedImage stretched(BufferedImage src, int width, int height) {
    BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, width, height, null);
    g.dispose();
    return dst;
  }
}
