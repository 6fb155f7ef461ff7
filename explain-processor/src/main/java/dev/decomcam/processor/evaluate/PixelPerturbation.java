package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletion and insertion (Petsiuk et al., RISE, BMVC 2018) as {@code EVALUATION.md} fixes them:
 * pixels taken in {@link PixelOrder}, {@code step = ceil(H*W / nSteps)} per step, point {@code i}
 * with {@code min(i*step, H*W)} pixels changed (all channels of a pixel together), each point
 * scored by {@link ClassScores}. Deletion replaces the image's pixels by the baseline's; insertion
 * puts them back into the baseline. The {@code nSteps + 1} inputs go to the model in batches of
 * {@code batch}.
 */
public final class PixelPerturbation {
  /** The conventions' step count. */
  public static final int N_STEPS = 224;

  private final int nSteps;
  private final int batch;

  public PixelPerturbation(int nSteps, int batch) {
    if (nSteps < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "deletion/insertion: n_steps "
              + nSteps
              + " and batch "
              + batch
              + " must both be at least 1");
    }
    this.nSteps = nSteps;
    this.batch = batch;
  }

  /** {@value #N_STEPS} steps, 32 inputs per model call. */
  public static PixelPerturbation defaults() {
    return new PixelPerturbation(N_STEPS, 32);
  }

  public int nSteps() {
    return nSteps;
  }

  /**
   * Starts from {@code image} and replaces its pixels, most salient first, by {@code baseline}'s.
   */
  public Curve deletion(
      ModelInput image, float[] map, ModelInput baseline, int target, ClassScores model) {
    return curve(image, baseline, map, target, model);
  }

  /** Starts from {@code baseline} and puts {@code image}'s pixels back, most salient first. */
  public Curve insertion(
      ModelInput image, float[] map, ModelInput baseline, int target, ClassScores model) {
    return curve(baseline, image, map, target, model);
  }

  /** Scores {@code from} with its pixels turned into {@code to}'s step by step in map order. */
  private Curve curve(ModelInput from, ModelInput to, float[] map, int target, ClassScores model) {
    int plane = from.height() * from.width();
    if (map.length != plane || to.data().length != from.data().length) {
      throw new IllegalArgumentException(
          "map of "
              + map.length
              + " pixels for a "
              + from.width()
              + "x"
              + from.height()
              + " input: give the map at the model's input resolution");
    }
    int[] order = PixelOrder.descending(map);
    int step = (plane + nSteps - 1) / nSteps;
    float[] points = new float[nSteps + 1];
    float[] current = from.data().clone();
    float[] dst = to.data();
    int changed = 0;
    List<ModelInput> pending = new ArrayList<>(batch);
    int next = 0;
    for (int i = 0; i <= nSteps; i++) {
      int until = Math.min(i * step, plane);
      for (; changed < until; changed++) {
        int p = order[changed];
        for (int c = 0; c < from.channels(); c++) {
          current[c * plane + p] = dst[c * plane + p];
        }
      }
      pending.add(new ModelInput(from.channels(), from.height(), from.width(), current.clone()));
      if (pending.size() == batch || i == nSteps) {
        float[] s = model.score(pending, target);
        System.arraycopy(s, 0, points, next, s.length);
        next += s.length;
        pending.clear();
      }
    }
    return new Curve(points);
  }
}
