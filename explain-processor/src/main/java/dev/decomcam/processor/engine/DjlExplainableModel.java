package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDManager;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExplainableModel} over a DJL {@link EngineNetwork}, in the manner of DJL's {@code
 * Predictor}: it checks arguments and hands each call to the class that does that job:
 * preprocessing to {@link FrameTranslator}, forward + gradient to {@link ForwardPass} (in chunks of
 * {@link BatchCalibration#MAX_BATCH}), masked scoring to {@link BatchedScorer}. Made by {@link
 * #open}, which runs the load-time {@link ModelVerifier} and {@link BatchCalibration}.
 */
final class DjlExplainableModel implements ExplainableModel {

  private static final Logger LOG = LoggerFactory.getLogger(DjlExplainableModel.class);

  private final ModelSpec spec;
  private final EngineNetwork network;
  private final FrameTranslator translator;
  private final VerifiedModel model;
  private final BatchCalibration calibration;
  private final ForwardPass forwardPass;

  private DjlExplainableModel(
      ModelSpec spec, EngineNetwork network, VerifiedModel model, BatchCalibration calibration) {
    this.spec = spec;
    this.network = network;
    this.translator = new FrameTranslator(spec);
    this.model = model;
    this.calibration = calibration;
    this.forwardPass = new ForwardPass(network, model);
  }

  /**
   * Checks {@code network} against {@code spec} and calibrates batching; closes the network if that
   * fails.
   */
  static DjlExplainableModel open(ModelSpec spec, EngineNetwork network) {
    try {
      VerifiedModel model = ModelVerifier.verify(network, spec);
      BatchCalibration calibration = BatchCalibration.measure(network, spec);
      DjlExplainableModel m = new DjlExplainableModel(spec, network, model, calibration);
      LOG.info(
          "{}: scoring batch {} (4 inputs batched {} ms, one by one {} ms); gathering frames of"
              + " several cameras {}",
          spec.id(),
          calibration.maxBatch(),
          calibration.batchedNanos() / 1_000_000,
          calibration.singleNanos() / 1_000_000,
          m.batchesFrames() ? "pays" : "does not pay");
      return m;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public PreparedImage prepare(BufferedImage image) {
    return translator.prepare(image);
  }

  @Override
  public int sourceReduction(int width, int height) {
    return translator.reduction(width, height);
  }

  @Override
  public ForwardResult forward(ModelInput input, ToIntFunction<float[]> chooseTarget) {
    InputBatcher.checkInput(input, spec.id());
    return forwardPass.run(List.of(input), List.of(chooseTarget)).get(0);
  }

  @Override
  public List<ForwardResult> forward(
      List<ModelInput> inputs, List<? extends ToIntFunction<float[]>> chooseTargets) {
    if (!model.analyticGradient() || inputs.size() <= 1) {
      // a general head needs a backward pass per frame's target: one by one
      return ExplainableModel.super.forward(inputs, chooseTargets);
    }
    if (inputs.size() != chooseTargets.size()) {
      throw new IllegalArgumentException(
          inputs.size()
              + " inputs but "
              + chooseTargets.size()
              + " target choosers: give one per input");
    }
    inputs.forEach(in -> InputBatcher.checkInput(in, spec.id()));
    List<ForwardResult> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += BatchCalibration.MAX_BATCH) {
      int to = Math.min(inputs.size(), from + BatchCalibration.MAX_BATCH);
      out.addAll(forwardPass.run(inputs.subList(from, to), chooseTargets.subList(from, to)));
    }
    return out;
  }

  /**
   * True when the load-time calibration found batched forwards at least {@link
   * BatchCalibration#FRAME_BATCH_GAIN} times faster than one by one, and the head's gradient is
   * analytic (a batch then needs no per-frame backward pass).
   */
  @Override
  public boolean batchesFrames() {
    return model.analyticGradient() && calibration.framesPay();
  }

  /** One-by-one time over batched time for 4 inputs, measured at load. */
  public double batchSpeedup() {
    return calibration.speedup();
  }

  @Override
  public MaskedScorer scorer(int target) {
    return new BatchedScorer(network, model, target, calibration.maxBatch());
  }

  /** Batched forwards of at most {@link #maxBatch()} inputs each, no gradient. */
  @Override
  public float[][] logits(List<ModelInput> inputs) {
    inputs.forEach(in -> InputBatcher.checkInput(in, spec.id()));
    int classes = model.classes();
    int batch = calibration.maxBatch();
    float[][] out = new float[inputs.size()][];
    for (int from = 0; from < out.length; from += batch) {
      List<ModelInput> chunk = inputs.subList(from, Math.min(out.length, from + batch));
      try (NDManager scope = network.manager().newSubManager()) {
        float[] l = network.infer(InputBatcher.batch(scope, chunk)).logits().toFloatArray();
        for (int i = 0; i < chunk.size(); i++) {
          out[from + i] = Arrays.copyOfRange(l, i * classes, (i + 1) * classes);
        }
      }
    }
    return out;
  }

  /** Largest batch the scorer sends to the engine at once (see {@link BatchCalibration}). */
  public int maxBatch() {
    return calibration.maxBatch();
  }

  /** NDArrays currently alive under this model's manager (for leak checks). */
  int liveArrays() {
    return network.manager().getManagedArrays().size();
  }

  @Override
  public void close() {
    network.close();
  }
}
