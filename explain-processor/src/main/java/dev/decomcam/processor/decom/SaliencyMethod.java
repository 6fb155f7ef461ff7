package dev.decomcam.processor.decom;

import java.util.List;
import java.util.Objects;

/**
 * Base of all class-activation-map methods, in the shape of pytorch-grad-cam's {@code BaseCAM}:
 * {@link #explain} owns the pipeline (channel weights → map at input resolution → ReLU → min-max)
 * and each method overrides one hook: {@link #channelWeights} (how much each channel matters) and
 * {@link #camImage} (the map before the final ReLU and min-max, its components and the camera's
 * next state).
 *
 * <p>{@code S} is what the method remembers about a camera between frames: the caller keeps it per
 * camera and hands it back with the camera's next frame (the method itself holds no per-camera
 * state). Methods that explain each frame on its own use {@link NoState} ({@link PerFrameMethod}).
 *
 * <pre>{@code
 * SaliencyMethod<StreamingState> m = new StreamingDecomCam(StreamingConfig.defaults());
 * Explained<StreamingState> e = m.explain(input, featureMaps, model.scorer(target),
 *     new FrameContext(target, captureMs), states.getOrDefault(camera, m.coldState()));
 * states.put(camera, e.next());
 * float[] heat = e.result().saliency();   // height x width, in [0, 1]
 * }</pre>
 *
 * <p>Inputs are never modified. Implementations are thread-safe when their collaborators are.
 */
public abstract class SaliencyMethod<S extends CameraState> {

  /** Timing keys every result carries. */
  static final String[] STAGES = {"weights", "svd", "masks", "blur", "scoring", "combine"};

  /**
   * Timing key of the method's whole time on a frame (weights to the final map); a pipeline's own
   * {@code total} (decode to output) is another stage.
   */
  public static final String SALIENCY_STAGE = "saliency";

  /** Short name, e.g. {@code gradcam}, {@code decomcam}. */
  public abstract String name();

  /**
   * {@code full} for a method that explains each frame on its own (the reference), {@code
   * streaming} for one that carries state between frames of a stream.
   */
  public String mode() {
    return "full";
  }

  /**
   * Whether {@link FeatureMaps#gradients()} must hold the target's gradient (otherwise it is
   * ignored). True for the gradient-weighted methods here; a method that overrides {@link
   * #channelWeights} without gradients (Eigen-CAM style) returns false.
   */
  public boolean needsGradients() {
    return true;
  }

  /** The state of a camera before its first frame (or after it was forgotten). */
  public abstract S coldState();

  /**
   * Whether the state carries anything from one frame to the next; false for a method that explains
   * each frame on its own (then there is nothing to store per camera).
   */
  public abstract boolean carriesState();

  /** Bytes for a camera's state, for a key-value store keyed by camera. */
  public abstract StateCodec<S> stateCodec();

  /**
   * Explains the target whose gradient {@code features} carries, on a camera whose state was {@code
   * previous} ({@link #coldState} for its first frame). {@code scorer} scores masked inputs by the
   * target logit; methods that need none accept {@code null}.
   */
  public final Explained<S> explain(
      ModelInput input, FeatureMaps features, MaskedScorer scorer, FrameContext frame, S previous) {
    Objects.requireNonNull(input, "input must not be null");
    Objects.requireNonNull(features, "feature maps must not be null");
    Objects.requireNonNull(frame, "frame context must not be null");
    Objects.requireNonNull(
        previous, "previous state must not be null: pass coldState() for a camera's first frame");
    StageTimes times = new StageTimes();
    long start = System.nanoTime();
    double[] weights = channelWeights(features);
    times.since("weights", start);
    CamImage<S> cam = camImage(input, features, weights, scorer, frame, previous, times);
    return new Explained<>(finish(input, features, cam, times, start), cam.next());
  }

  /**
   * The end every method shares: ReLU and min-max of {@code cam}'s map (in place), and the timings
   * ({@code start}: when the frame's work began, for {@link #SALIENCY_STAGE}).
   */
  private static SaliencyResult finish(
      ModelInput input, FeatureMaps features, CamImage<?> cam, StageTimes times, long start) {
    long t = System.nanoTime();
    float[] saliency = MinMax.normalizeInPlace(MinMax.reluInPlace(cam.map()));
    times.since("combine", t);
    times.since(SALIENCY_STAGE, start);
    times.ensure(STAGES);
    return new SaliencyResult(
        saliency,
        input.height(),
        input.width(),
        features.height(),
        features.width(),
        cam.components(),
        times.snapshot(),
        cam.tracking());
  }

  /**
   * Weight per channel (length C). Default: the spatially averaged gradient α_k of Grad-CAM, which
   * Decom-CAM (full and streaming) shares.
   */
  protected double[] channelWeights(FeatureMaps features) {
    return meanGradients(features);
  }

  /**
   * The unnormalised map at input resolution (H×W, a fresh array the base may overwrite), its
   * components with their tracking, and the camera's next state.
   */
  protected abstract CamImage<S> camImage(
      ModelInput input,
      FeatureMaps features,
      double[] weights,
      MaskedScorer scorer,
      FrameContext frame,
      S previous,
      StageTimes times);

  /** Grad-CAM's map: ReLU(Σ_k w_k·A_k) at feature resolution, bicubic-upsampled to the input. */
  protected static float[] weightedSum(ModelInput input, FeatureMaps features, double[] weights) {
    int hw = features.positions();
    float[] a = features.activations();
    double[] sum = new double[hw];
    for (int k = 0; k < features.channels(); k++) {
      double wk = weights[k];
      if (wk == 0) {
        continue;
      }
      int base = k * hw;
      for (int p = 0; p < hw; p++) {
        sum[p] += wk * a[base + p];
      }
    }
    float[] cam = new float[hw];
    for (int p = 0; p < hw; p++) {
      cam[p] = sum[p] > 0 ? (float) sum[p] : 0f;
    }
    return Bicubic.resize(cam, features.height(), features.width(), input.height(), input.width());
  }

  /** Mean over positions of each channel's gradient: alpha_k = (1/hw) Σ_ij G_k(i,j). */
  protected static double[] meanGradients(FeatureMaps features) {
    int hw = features.positions();
    float[] g = features.gradients();
    double[] alpha = new double[features.channels()];
    for (int k = 0; k < alpha.length; k++) {
      double s = 0;
      int base = k * hw;
      for (int p = 0; p < hw; p++) {
        s += g[base + p];
      }
      alpha[k] = s / hw;
    }
    return alpha;
  }

  /**
   * A map at input resolution before the final ReLU and min-max, with the method's components, how
   * they are tracked, and the camera's next state.
   */
  protected record CamImage<S>(float[] map, List<Ossm> components, Tracking tracking, S next) {}
}
