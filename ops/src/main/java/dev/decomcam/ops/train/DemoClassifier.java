package dev.decomcam.ops.train;

import java.util.stream.IntStream;

/**
 * Anything that runs the demo network on a batch of normalised inputs: the DJL-trained block or the
 * exported files. Lets one accuracy routine check both.
 */
public interface DemoClassifier extends AutoCloseable {

  /** Features [n][C·h·w] and logits [n][classes] for {@code n} inputs laid out [n][3][H][W]. */
  Outputs forward(float[] inputs, int n);

  /** Top-1 accuracy on a set, 64 samples per batch. */
  default double accuracy(EncodedSet set) {
    int[] order = IntStream.range(0, set.size()).toArray();
    int correct = 0;
    int batch = 64;
    for (int from = 0; from < set.size(); from += batch) {
      int n = Math.min(batch, set.size() - from);
      float[][] logits = forward(set.batch(order, from, n), n).logits();
      for (int k = 0; k < n; k++) {
        if (argmax(logits[k]) == set.labels()[from + k]) {
          correct++;
        }
      }
    }
    return (double) correct / set.size();
  }

  @Override
  void close();

  /** Index of the largest value. */
  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Splits a flat batch-first array into one row per sample. */
  static float[][] rows(float[] flat, int n) {
    int per = flat.length / n;
    float[][] out = new float[n][per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * per, out[i], 0, per);
    }
    return out;
  }

  /**
   * One batch's outputs.
   *
   * @param features flattened [C][h][w] per sample
   * @param logits one score per class per sample
   */
  record Outputs(float[][] features, float[][] logits) {}
}
