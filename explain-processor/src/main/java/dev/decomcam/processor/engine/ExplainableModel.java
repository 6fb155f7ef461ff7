package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A loaded classifier that can be explained: preprocessing per its {@link ModelSpec}, a forward
 * pass that yields the explained layer's activations, the logits and the gradient of a target
 * logit, and batched scoring of masked inputs. One instance per stream thread; not thread-safe.
 *
 * <pre>{@code
 * try (ExplainableModel m = ModelLoader.load(Path.of("models/demo-shapes/spec.json"), EngineOptions.defaults())) {
 *   PreparedImage p = m.prepare(image);
 *   ForwardResult f = m.forward(p.input(), -1);           // -1: target = top-1 class
 *   SaliencyResult s = new DecomCam(DecomCamConfig.defaults()).explain(p.input(), f.features(), m.scorer(f.target()));
 * }
 * }</pre>
 */
public interface ExplainableModel extends AutoCloseable {

  ModelSpec spec();

  /** Resizes/crops and normalises an RGB image as the spec says. */
  PreparedImage prepare(BufferedImage image);

  /**
   * By how much (1, 2, 4 or 8) a {@code width x height} frame may be decoded smaller and still be
   * {@link #prepare prepared} without upsampling ({@link FrameTranslator#reduction}); 1, the whole
   * frame, by default.
   */
  default int sourceReduction(int width, int height) {
    return 1;
  }

  /** Forward pass; {@code target < 0} selects the top-1 class. */
  default ForwardResult forward(ModelInput input, int target) {
    return forward(input, logits -> target < 0 ? ForwardResult.argmax(logits) : target);
  }

  /**
   * Forward pass whose target is chosen from this frame's logits by {@code chooseTarget}; the
   * gradient is then taken for that class, in the same pass.
   */
  ForwardResult forward(ModelInput input, ToIntFunction<float[]> chooseTarget);

  /**
   * Forward passes of several frames (of one or several cameras), in batched engine calls where the
   * engine can (a {@code gap-linear} head: no per-frame backward pass), else one by one; {@link
   * #batchesFrames()} says whether gathering frames for it pays on this machine. {@code
   * chooseTargets.get(i)} picks frame i's target from its logits and is called in input order, so a
   * chooser may depend on the targets picked before it (a camera's later frame keeps its earlier
   * frame's class).
   */
  default List<ForwardResult> forward(
      List<ModelInput> inputs, List<? extends ToIntFunction<float[]>> chooseTargets) {
    if (inputs.size() != chooseTargets.size()) {
      throw new IllegalArgumentException(
          inputs.size()
              + " inputs but "
              + chooseTargets.size()
              + " target choosers: give one per input");
    }
    List<ForwardResult> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      out.add(forward(inputs.get(i), chooseTargets.get(i)));
    }
    return out;
  }

  /**
   * Whether gathering frames for {@link #forward(List, List)} pays: batching was measured clearly
   * faster than one by one on this machine (the engine's load-time calibration) and the engine
   * batches frames; false by default.
   */
  default boolean batchesFrames() {
    return false;
  }

  /**
   * The logits of every class for each input, without gradients (for scoring perturbed inputs, as
   * {@code ./decomcam evaluate} does); one forward per input unless the engine batches them.
   */
  default float[][] logits(List<ModelInput> inputs) {
    float[][] out = new float[inputs.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = forward(inputs.get(i), -1).logits();
    }
    return out;
  }

  /** Scores masked inputs by the target logit, batched. */
  MaskedScorer scorer(int target);

  @Override
  void close();
}
