package dev.decomcam.ops.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained network as plain weights, ready to serialise: each conv block's batch norm folded
 * into the conv ({@code w' = w·γ/√(σ²+ε)}, {@code b' = β − μ·γ/√(σ²+ε)}), so the exported backbone
 * is just conv + ReLU and gives the eval-mode outputs of the DJL block.
 *
 * @param convs conv layers in order, each followed by a ReLU
 * @param linearWeight the head's weight, [classes][channels] row-major
 * @param linearBias the head's bias, [classes]
 */
public record FoldedNet(List<Conv> convs, float[] linearWeight, float[] linearBias) {

  /**
   * One 3×3 conv; padding equals the dilation, so only the stride changes the size.
   *
   * @param weight [out][in][3][3] row-major
   * @param bias [out]
   */
  public record Conv(int out, int in, int stride, int dilation, float[] weight, float[] bias) {}

  /** Number of classes. */
  public int classes() {
    return linearBias.length;
  }

  /** Folds a {@link DemoNet} block's parameters. */
  public static FoldedNet of(Block net) {
    Block backbone = DemoNet.backboneOf(net);
    List<Conv> convs = new ArrayList<>();
    int in = 3;
    for (int i = 0; i < DemoNet.CONVS.size(); i++) {
      Block convBlock = backbone.getChildren().valueAt(i);
      Block conv = convBlock.getChildren().valueAt(0);
      Block bn = convBlock.getChildren().valueAt(1);
      float[] w = values(conv, "weight");
      float[] gamma = values(bn, "gamma");
      float[] beta = values(bn, "beta");
      float[] mean = values(bn, "runningMean");
      float[] var = values(bn, "runningVar");
      int out = DemoNet.CONVS.get(i).channels();
      int per = w.length / out;
      float[] fw = new float[w.length];
      float[] fb = new float[out];
      for (int o = 0; o < out; o++) {
        double scale = gamma[o] / Math.sqrt(var[o] + DemoNet.BN_EPSILON);
        for (int k = 0; k < per; k++) {
          fw[o * per + k] = (float) (w[o * per + k] * scale);
        }
        fb[o] = (float) (beta[o] - mean[o] * scale);
      }
      convs.add(
          new Conv(
              out, in, DemoNet.CONVS.get(i).stride(), DemoNet.CONVS.get(i).dilation(), fw, fb));
      in = out;
    }
    Block linear = DemoNet.headOf(net).getChildren().valueAt(2);
    return new FoldedNet(List.copyOf(convs), values(linear, "weight"), values(linear, "bias"));
  }

  private static float[] values(Block block, String name) {
    Parameter p = block.getParameters().get(name);
    if (p == null || p.getArray() == null) {
      throw new IllegalStateException(
          "demo network: parameter '"
              + name
              + "' missing in "
              + block.getClass().getSimpleName()
              + ": train or load the network before exporting it");
    }
    return p.getArray().toFloatArray();
  }
}
