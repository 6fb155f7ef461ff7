package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decomcam.processor.decom.FeatureMaps;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine-neutral part of a DJL model: preprocessing, the forward/gradient pipeline with its
 * timings, batched scoring and the load-time checks. Engines supply {@link #infer} (features and
 * logits for a batch), the head's weights and, where they can, autograd.
 *
 * <p>Native memory: every call opens a child {@link NDManager} of the model's manager in
 * try-with-resources, so no NDArray outlives the call that made it.
 */
abstract class DjlExplainableModel implements ExplainableModel {

  /** The explained layer's activations {@code [n,C,h,w]} and the logits {@code [n,K]}. */
  protected record Outputs(NDArray features, NDArray logits) {}

  private final ModelSpec spec;
  private final FrameTranslator translator;
  private GapLinearHead head;
  private int classes;
  private static final int MAX_BATCH = 16;
  private static final Logger LOG = LoggerFactory.getLogger(DjlExplainableModel.class);
  /** Batching frames must beat one-by-one forwards by this much to be worth their wait. */
  static final double FRAME_BATCH_GAIN = 1.15;
  private int maxBatch = MAX_BATCH;
  private double batchSpeedup = 1;

  protected DjlExplainableModel(ModelSpec spec) {
    this.spec = spec;
    this.translator = new FrameTranslator(spec);
  }

  /** The manager every per-call scope hangs from (the model's). */
  protected abstract NDManager modelManager();

  /** Runs the network on {@code batch} ({@code [n,3,H,W]}); outputs attached to the batch's manager. */
  protected abstract Outputs infer(NDArray batch);

  /** The head's linear weight and bias, for {@code gap-linear} heads. */
  protected abstract GapLinearHead readHead(int classes, int channels);

  /** dlogit_target/dfeatures for a {@code general} head; only engines with autograd override it. */
  protected float[] autogradGradient(NDArray features, int target) {
    throw new UnsupportedOperationException("autograd is not available on " + spec.engine());
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
  public ForwardResult forward(ModelInput input, ToIntFunction<float[]> chooseTarget) {
    checkInput(input);
    return run(List.of(input), List.of(chooseTarget)).get(0);
  }

  @Override
  public List<ForwardResult> forward(List<ModelInput> inputs, List<? extends ToIntFunction<float[]>> chooseTargets) {
    if (head == null || inputs.size() <= 1) {
      // a general head needs a backward pass per frame's target: one by one
      return ExplainableModel.super.forward(inputs, chooseTargets);
    }
    if (inputs.size() != chooseTargets.size()) {
      throw new IllegalArgumentException(inputs.size() + " inputs but " + chooseTargets.size()
          + " target choosers: give one per input");
    }
    inputs.forEach(this::checkInput);
    List<ForwardResult> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
      int to = Math.min(inputs.size(), from + MAX_BATCH);
      out.addAll(run(inputs.subList(from, to), chooseTargets.subList(from, to)));
    }
    return out;
  }

  /**
   * One engine call for {@code inputs}, then each input's target (chosen in order) and gradient;
   * the forward time is shared evenly. Autograd (a general head) only for a single input.
   */
  private List<ForwardResult> run(List<ModelInput> inputs, List<? extends ToIntFunction<float[]>> chooseTargets) {
    int n = inputs.size();
    List<ForwardResult> out = new ArrayList<>(n);
    try (NDManager scope = modelManager().newSubManager()) {
      long t0 = System.nanoTime();
      Outputs o = infer(batch(scope, inputs));
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
        int t = checkTarget(chooseTargets.get(i).applyAsInt(l));
        float[] grads = head != null ? head.gradient(t, fh * fw) : autogradGradient(o.features(), t);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("forward", forwardMs);
        timings.put("gradient", (System.nanoTime() - t1) / 1e6);
        float[] a = n == 1 ? acts : Arrays.copyOfRange(acts, i * per, (i + 1) * per);
        out.add(new ForwardResult(l, t, new FeatureMaps(channels, fh, fw, a, grads), timings));
      }
    }
    return out;
  }

  /**
   * True when the load-time calibration found batched forwards at least {@link #FRAME_BATCH_GAIN}
   * times faster than one by one, and the head's gradient is analytic (a batch then needs no
   * per-frame backward pass).
   */
  @Override
  public boolean batchesFrames() {
    return head != null && batchSpeedup >= FRAME_BATCH_GAIN;
  }

  /** One-by-one time over batched time for 4 inputs, measured at load (1 before calibration). */
  public final double batchSpeedup() {
    return batchSpeedup;
  }

  @Override
  public MaskedScorer scorer(int target) {
    int t = checkTarget(target);
    return inputs -> {
      if (inputs.isEmpty()) {
        return new float[0];
      }
      inputs.forEach(this::checkInput);
      float[] scores = new float[inputs.size()];
      for (int from = 0; from < scores.length; from += maxBatch) {
        List<ModelInput> chunk = inputs.subList(from, Math.min(scores.length, from + maxBatch));
        try (NDManager scope = modelManager().newSubManager()) {
          float[] logits = infer(batch(scope, chunk)).logits().toFloatArray();
          for (int i = 0; i < chunk.size(); i++) {
            scores[from + i] = logits[i * classes + t];
          }
        }
      }
      return scores;
    };
  }

  /** Largest batch the scorer sends to the engine at once (see {@link #calibrateBatch}). */
  public final int maxBatch() {
    return maxBatch;
  }

  /**
   * Batches only where they are faster: on a CPU a batched forward can cost more than the same
   * inputs one by one (seen here: libtorch, MobileNetV2, 10 inputs 1.7x slower batched; the small
   * demo CNN 0.65x). Times 4 inputs batched against 4 single forwards over 5 rounds after a
   * warm-up, taking each side's fastest round (the least disturbed by other processes), keeps
   * scoring batches if they win at all and advises gathering frames ({@link #batchesFrames()})
   * if they win by {@link #FRAME_BATCH_GAIN}.
   */
  final void calibrateBatch() {
    List<ModelInput> four = new ArrayList<>();
    Random rnd = new Random(11);
    for (int k = 0; k < 4; k++) {
      four.add(randomInput(rnd));
    }
    long batched = Long.MAX_VALUE;
    long single = Long.MAX_VALUE;
    for (int rep = 0; rep < 6; rep++) {
      long t0 = System.nanoTime();
      runOnce(four);
      long t1 = System.nanoTime();
      for (ModelInput in : four) {
        runOnce(List.of(in));
      }
      long t2 = System.nanoTime();
      if (rep > 0) { // the first round warms the engine up
        batched = Math.min(batched, t1 - t0);
        single = Math.min(single, t2 - t1);
      }
    }
    maxBatch = batched < single ? MAX_BATCH : 1;
    batchSpeedup = (double) single / Math.max(1, batched);
    LOG.info("{}: scoring batch {} (4 inputs batched {} ms, one by one {} ms); gathering frames of several cameras "
        + "{}", spec.id(), maxBatch, batched / 1_000_000, single / 1_000_000, batchesFrames() ? "pays" : "does not pay");
  }

  private void runOnce(List<ModelInput> inputs) {
    try (NDManager scope = modelManager().newSubManager()) {
      infer(batch(scope, inputs)).logits().toFloatArray();
    }
  }

  private ModelInput randomInput(Random rnd) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    float[] data = new float[3 * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextGaussian();
    }
    return new ModelInput(3, h, w, data);
  }

  /**
   * Load-time checks on one pseudo-random input: output shapes, labels count = logits, and for
   * {@code gap-linear} heads that the head's weights reproduce the logits from pooled features.
   */
  final void verify() {
    String where = spec.where();
    try (NDManager scope = modelManager().newSubManager()) {
      Outputs out = infer(batch(scope, List.of(randomInput(new Random(7)))));
      Shape fs = out.features().getShape();
      Shape ls = out.logits().getShape();
      if (fs.dimension() != 4 || fs.get(0) != 1) {
        throw new ModelLoadException(where + "the features output has shape " + fs + ", expected [1, C, h, w]: "
            + "export the '" + spec.featureLayer() + "' conv layer's output (NCHW)");
      }
      if (ls.dimension() != 2 || ls.get(0) != 1) {
        throw new ModelLoadException(where + "the logits output has shape " + ls + ", expected [1, classes]: "
            + "export pre-softmax logits of shape [N, classes]");
      }
      classes = (int) ls.get(1);
      if (classes != spec.labels().size()) {
        throw new ModelLoadException(where + "field 'labels' has " + spec.labels().size()
            + " entries but the model outputs " + classes + " logits: give one label per logit, in output order");
      }
      if (spec.headKind() == HeadKind.GAP_LINEAR) {
        GapLinearHead g = readHead(classes, (int) fs.get(1));
        float[] logits = out.logits().toFloatArray();
        double scale = 1;
        for (float l : logits) {
          scale = Math.max(scale, Math.abs(l));
        }
        double r = g.residual(out.features().toFloatArray(), (int) (fs.get(2) * fs.get(3)), logits);
        if (r > 1e-3 * scale) {
          throw new ModelLoadException(where + "field 'headKind' is gap-linear but the head's weights do not "
              + "reproduce the logits from pooled features (max error " + (float) r + "): use \"headKind\": "
              + "\"general\" (PyTorch) or set \"headWeight\" to the final linear weight");
        }
        head = g;
      }
    }
  }

  private NDArray batch(NDManager scope, List<ModelInput> inputs) {
    ModelInput first = inputs.get(0);
    int per = first.data().length;
    FloatBuffer fb = FloatBuffer.allocate(per * inputs.size());
    for (ModelInput in : inputs) {
      if (in.data().length != per) {
        throw new IllegalArgumentException("masked inputs differ in size: " + in.data().length + " vs " + per);
      }
      fb.put(in.data());
    }
    fb.flip();
    return scope.create(fb, new Shape(inputs.size(), first.channels(), first.height(), first.width()));
  }

  private void checkInput(ModelInput input) {
    if (input.channels() != 3) {
      throw new IllegalArgumentException("model " + spec.id() + " takes 3 channels, got " + input.channels());
    }
  }

  private int checkTarget(int target) {
    if (target < 0 || target >= classes) {
      throw new IllegalArgumentException("target class " + target + " is outside 0.." + (classes - 1)
          + " of model " + spec.id());
    }
    return target;
  }


  /** NDArrays currently alive under this model's manager (for leak checks). */
  int liveArrays() {
    return modelManager().getManagedArrays().size();
  }
}
