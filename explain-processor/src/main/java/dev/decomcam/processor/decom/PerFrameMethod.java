package dev.decomcam.processor.decom;

import java.util.List;

/**
 * A saliency method that explains each frame on its own ({@link NoState}): its hook is {@link
 * #frameImage}, by default Grad-CAM's weighted channel sum. {@link #explain(ModelInput,
 * FeatureMaps, MaskedScorer)} is the one-image form of the base's call.
 */
public abstract class PerFrameMethod extends SaliencyMethod<NoState> {

  private static final StateCodec<NoState> NO_CODEC =
      new StateCodec<>() {
        @Override
        public byte[] encode(NoState state) {
          return new byte[0];
        }

        @Override
        public NoState decode(byte[] bytes) {
          return NoState.INSTANCE;
        }
      };

  @Override
  public final NoState coldState() {
    return NoState.INSTANCE;
  }

  @Override
  public final boolean carriesState() {
    return false;
  }

  @Override
  public final StateCodec<NoState> stateCodec() {
    return NO_CODEC;
  }

  /** Explains one image on its own (no target class, no timestamp, cold state). */
  public final SaliencyResult explain(ModelInput input, FeatureMaps features, MaskedScorer scorer) {
    return explain(input, features, scorer, new FrameContext(-1, 0), NoState.INSTANCE).result();
  }

  @Override
  protected final CamImage<NoState> camImage(
      ModelInput input,
      FeatureMaps features,
      double[] weights,
      MaskedScorer scorer,
      FrameContext frame,
      NoState previous,
      StageTimes times) {
    FrameImage f = frameImage(input, features, weights, scorer, times);
    return new CamImage<>(
        f.map(), f.components(), Tracking.untracked(f.components()), NoState.INSTANCE);
  }

  /**
   * The unnormalised map at input resolution (H×W, a fresh array the base may overwrite) and any
   * components. Default: Grad-CAM's ReLU(Σ_k w_k·A_k) at feature resolution, bicubic-upsampled.
   */
  protected FrameImage frameImage(
      ModelInput input,
      FeatureMaps features,
      double[] weights,
      MaskedScorer scorer,
      StageTimes times) {
    long t = System.nanoTime();
    float[] up = weightedSum(input, features, weights);
    times.since("combine", t);
    return new FrameImage(up, List.of());
  }

  /** One frame's map at input resolution before the final ReLU and min-max, with its components. */
  protected record FrameImage(float[] map, List<Ossm> components) {}
}
