package dev.decomcam.ops.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** The DJL-trained demo network, run in eval mode (batch norm on its running statistics). */
public final class TrainedNet implements DemoClassifier {

  private final Model model;

  TrainedNet(Model model) {
    this.model = model;
  }

  /** The DJL model; its block has {@link DemoNet#build}'s layout. */
  public Model model() {
    return model;
  }

  @Override
  public Outputs forward(float[] inputs, int n) {
    Block net = model.getBlock();
    try (NDManager m = model.getNDManager().newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.create(inputs, new Shape(n, 3, DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE));
      NDList features = DemoNet.backboneOf(net).forward(ps, new NDList(x), false);
      NDArray logits = DemoNet.headOf(net).forward(ps, features, false).singletonOrThrow();
      return new Outputs(
          DemoClassifier.rows(features.singletonOrThrow().toFloatArray(), n),
          DemoClassifier.rows(logits.toFloatArray(), n));
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
