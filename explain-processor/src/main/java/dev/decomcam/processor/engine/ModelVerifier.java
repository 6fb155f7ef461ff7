package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * Load-time checks of a network against its spec on one pseudo-random input, so a bad spec fails at
 * start, not on the first frame: output shapes, labels count = logits, and for {@code gap-linear}
 * heads that the head's weights reproduce the logits from pooled features.
 */
final class ModelVerifier {

  private ModelVerifier() {}

  static VerifiedModel verify(EngineNetwork network, ModelSpec spec) {
    String where = spec.where();
    try (NDManager scope = network.manager().newSubManager()) {
      NetworkOutputs out =
          network.infer(
              InputBatcher.batch(scope, List.of(InputBatcher.randomInput(spec, new Random(7)))));
      Shape fs = out.features().getShape();
      Shape ls = out.logits().getShape();
      if (fs.dimension() != 4 || fs.get(0) != 1) {
        throw new ModelLoadException(
            where
                + "the features output has shape "
                + fs
                + ", expected [1, C, h, w]: "
                + "export the '"
                + spec.featureLayer()
                + "' conv layer's output (NCHW)");
      }
      if (ls.dimension() != 2 || ls.get(0) != 1) {
        throw new ModelLoadException(
            where
                + "the logits output has shape "
                + ls
                + ", expected [1, classes]: "
                + "export pre-softmax logits of shape [N, classes]");
      }
      int classes = (int) ls.get(1);
      if (classes != spec.labels().size()) {
        throw new ModelLoadException(
            where
                + "field 'labels' has "
                + spec.labels().size()
                + " entries but the model outputs "
                + classes
                + " logits: give one label per logit, in output order");
      }
      if (spec.headKind() != HeadKind.GAP_LINEAR) {
        return new VerifiedModel(spec.id(), classes, null);
      }
      GapLinearHead g = network.readHead(classes, (int) fs.get(1));
      float[] logits = out.logits().toFloatArray();
      double scale = 1;
      for (float l : logits) {
        scale = Math.max(scale, Math.abs(l));
      }
      double r = g.residual(out.features().toFloatArray(), (int) (fs.get(2) * fs.get(3)), logits);
      if (r > 1e-3 * scale) {
        throw new ModelLoadException(
            where
                + "field 'headKind' is gap-linear but the head's weights do not "
                + "reproduce the logits from pooled features (max error "
                + (float) r
                + "): use \"headKind\": "
                + "\"general\" (PyTorch) or set \"headWeight\" to the final linear weight");
      }
      return new VerifiedModel(spec.id(), classes, g);
    }
  }
}
