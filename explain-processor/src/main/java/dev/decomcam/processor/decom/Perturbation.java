package dev.decomcam.processor.decom;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds Decom-CAM's masked inputs: masked_i = m_i·x + (1 − m_i)·B, where B is the blurred input
 * and the same H×W mask m_i applies to every channel. Kept where the mask is 1, blurred where it is
 * 0, so a component's score says how much of the target's evidence it keeps.
 */
final class Perturbation {

  private Perturbation() {}

  static List<ModelInput> blend(ModelInput x, ModelInput blurred, List<float[]> masks) {
    int plane = x.height() * x.width();
    float[] xs = x.data();
    float[] bs = blurred.data();
    List<ModelInput> out = new ArrayList<>(masks.size() + 1);
    for (float[] m : masks) {
      if (m.length != plane) {
        throw new IllegalArgumentException(
            "mask has " + m.length + " values, input plane is " + x.height() + "x" + x.width());
      }
      float[] d = new float[xs.length];
      for (int c = 0; c < x.channels(); c++) {
        int base = c * plane;
        for (int p = 0; p < plane; p++) {
          float mp = m[p];
          d[base + p] = mp * xs[base + p] + (1f - mp) * bs[base + p];
        }
      }
      out.add(new ModelInput(x.channels(), x.height(), x.width(), d));
    }
    return out;
  }
}
