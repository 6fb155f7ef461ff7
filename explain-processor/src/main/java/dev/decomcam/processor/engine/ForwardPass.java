package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.ModelInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * One engine call for a batch of inputs, then each input's target (chosen in order from its logits)
 * and the gradient of that target's logit with respect to the explained layer: analytic for a
 * GAP+linear head, by the engine's autograd otherwise (then only for a single input). The forward
 * time is shared evenly between the inputs.
 *
 * <p>Native memory: the call opens a child of the model's manager in try-with-resources, so no
 * NDArray outlives it.
 */
final class ForwardPass {

  private final EngineNetwork network;
  private final VerifiedModel model;

  ForwardPass(EngineNetwork network, VerifiedModel model) {
    this.network = network;
    this.model = model;
  }

  List<ForwardResult> run(
      List<ModelInput> inputs, List<? extends ToIntFunction<float[]>> chooseTargets) {
    int n = inputs.size();
    int classes = model.classes();
    List<ForwardResult> out = new ArrayList<>(n);
    try (NDManager scope = network.manager().newSubManager()) {
      long t0 = System.nanoTime();
      NetworkOutputs o = network.infer(InputBatcher.batch(scope, inputs));
      float[] logits = o.logits().toFloatArray();
      float[] acts = o.features().toFloatArray();
      Shape fs = o.features().getShape();
      int channels = (int) fs.get(1);
      int fh = (int) fs.get(2);
      int fw = (int) fs.get(3);
      double forwardMs = (System.nanoTime() - t0) / 1e6 / n;
      int per = channels * fh * fw;
      for (int i = 0; i < n; i++) {
        long t1 = System.nanoTime();
        float[] l = n == 1 ? logits : Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
        int t = model.checkTarget(chooseTargets.get(i).applyAsInt(l));
        float[] grads =
            model.analyticGradient()
                ? model.head().gradient(t, fh * fw)
                : network.autogradGradient(o.features(), t);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("forward", forwardMs);
        timings.put("gradient", (System.nanoTime() - t1) / 1e6);
        float[] a = n == 1 ? acts : Arrays.copyOfRange(acts, i * per, (i + 1) * per);
        out.add(new ForwardResult(l, t, new FeatureMaps(channels, fh, fw, a, grads), timings));
      }
    }
    return out;
  }
}
