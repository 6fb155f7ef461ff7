package dev.decomcam.ops.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The demo CNN: five 3×3 conv + batch-norm + ReLU blocks (the first three with stride 2, the last
 * two dilated) take a 128×128 RGB image to a 96×16×16 feature map, the explained layer; the head is
 * global average pooling and one linear layer, so the gradient of a logit with respect to the
 * features is analytic ({@code w[c] / (h·w)}). About 116k parameters: it trains in minutes on one
 * CPU core.
 */
public final class DemoNet {

  /** Input width and height in pixels. */
  public static final int INPUT_SIZE = 128;

  /** Batch-norm epsilon, fixed here because folding the layers for export needs it. */
  public static final float BN_EPSILON = 1e-5f;

  /** The conv blocks in order; the last one's output is the explained feature layer. */
  public static final List<ConvSpec> CONVS =
      List.of(
          new ConvSpec(16, 2, 1),
          new ConvSpec(32, 2, 1),
          new ConvSpec(64, 2, 1),
          // dilations 2 and 3 widen the receptive field to 95 px at no cost, so each feature cell
          // sees
          // most of a shape while the map stays 16×16 (dilation rates 1-2-3 avoid gridding holes)
          new ConvSpec(64, 1, 2),
          new ConvSpec(96, 1, 3));

  /** Name of the explained layer in the exported files (the last conv block's ReLU output). */
  public static final String FEATURE_LAYER = "block5";

  /** One 3×3 conv block: output channels, stride and dilation; padding equals the dilation. */
  public record ConvSpec(int channels, int stride, int dilation) {}

  private DemoNet() {}

  /** Side of the feature map for {@link #INPUT_SIZE}. */
  public static int featureSize() {
    int s = INPUT_SIZE;
    for (ConvSpec c : CONVS) {
      s = (s + 2 * c.dilation() - 2 * c.dilation() - 1) / c.stride() + 1;
    }
    return s;
  }

  /** Channels of the feature map. */
  public static int featureChannels() {
    return CONVS.get(CONVS.size() - 1).channels();
  }

  /** The whole network: child 0 is the backbone, child 1 the head. */
  public static SequentialBlock build(int classes) {
    return new SequentialBlock().add(backbone()).add(head(classes));
  }

  /** The backbone: image [N,3,H,W] to features [N,C,h,w]; child i is conv block i+1. */
  static SequentialBlock backbone() {
    SequentialBlock b = new SequentialBlock();
    for (ConvSpec c : CONVS) {
      b.add(
          new SequentialBlock()
              .add(
                  Conv2d.builder()
                      .setKernelShape(new Shape(3, 3))
                      .optStride(new Shape(c.stride(), c.stride()))
                      .optPadding(new Shape(c.dilation(), c.dilation()))
                      .optDilation(new Shape(c.dilation(), c.dilation()))
                      .setFilters(c.channels())
                      // batch norm's beta is the bias
                      .optBias(false)
                      .build())
              .add(BatchNorm.builder().optEpsilon(BN_EPSILON).build())
              .add(Activation.reluBlock()));
    }
    return b;
  }

  /** The head: features to logits by global average pooling and one linear layer. */
  static SequentialBlock head(int classes) {
    return new SequentialBlock()
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  static Block backboneOf(Block net) {
    return net.getChildren().valueAt(0);
  }

  static Block headOf(Block net) {
    return net.getChildren().valueAt(1);
  }
}
