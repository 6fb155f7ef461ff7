package dev.decomcam.ops.pipeline;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;

/**
 * Where an explanation's saliency peaks, in frame pixels: the first cell of the largest value of
 * the 8-bit map, mapped through the crop the model saw (the whole frame when no crop is given).
 */
public record SaliencyPeak(double x, double y) {

  public static SaliencyPeak of(Explanation e, int frameWidth, int frameHeight) {
    SaliencyMap m = e.getSaliency();
    ByteBuffer data = m.getData().duplicate();
    int best = 0;
    int bestValue = -1;
    for (int i = 0; i < m.getWidth() * m.getHeight(); i++) {
      int v = data.get(data.position() + i) & 255;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    double cx = 0;
    double cy = 0;
    double cw = frameWidth;
    double ch = frameHeight;
    if (e.getCrop().size() == 4) {
      cx = e.getCrop().get(0);
      cy = e.getCrop().get(1);
      cw = e.getCrop().get(2);
      ch = e.getCrop().get(3);
    }
    double x = cx + (best % m.getWidth() + 0.5) * cw / m.getWidth();
    double y = cy + (best / m.getWidth() + 0.5) * ch / m.getHeight();
    return new SaliencyPeak(x, y);
  }

  public boolean inside(int bx, int by, int bw, int bh) {
    return x >= bx && x < bx + bw && y >= by && y < by + bh;
  }
}
