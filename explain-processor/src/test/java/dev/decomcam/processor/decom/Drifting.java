package dev.decomcam.processor.decom;

import java.util.List;
import java.util.Random;

/**
 * A synthetic video for streaming tests: feature maps made of a few moving blobs mixed into many
 * channels (a clear leading spectrum, like real activations), constant channel gradients (as a GAP
 * + linear head gives), an input image panning slowly, and a linear scorer.
 */
final class Drifting {

  final int channels;
  final int fh;
  final int fw;
  final int h;
  final int w;
  private final long seed;
  private final double speed;
  private final double[][] mix;
  private final double[][] blobs;
  private final float[] grad;

  /** {@code speed}: feature cells per frame the blobs move (a slow pan is about 0.05). */
  Drifting(long seed, int channels, int fh, int fw, int h, int w, double speed) {
    this.seed = seed;
    this.channels = channels;
    this.fh = fh;
    this.fw = fw;
    this.h = h;
    this.w = w;
    this.speed = speed;
    Random r = new Random(seed);
    int patterns = 6;
    blobs = new double[patterns][];
    for (int b = 0; b < patterns; b++) {
      double angle = r.nextDouble() * 2 * Math.PI;
      blobs[b] =
          new double[] {
            r.nextDouble() * fh,
            r.nextDouble() * fw,
            Math.sin(angle),
            Math.cos(angle),
            Math.pow(0.7, b)
          };
    }
    mix = new double[channels][patterns];
    grad = new float[channels];
    for (int c = 0; c < channels; c++) {
      for (int b = 0; b < patterns; b++) {
        mix[c][b] = Math.max(0, r.nextGaussian());
      }
      grad[c] = (float) (0.01 + 0.01 * r.nextGaussian());
    }
  }

  FeatureMaps features(int t) {
    Random noise = new Random(seed * 1000 + t);
    int hw = fh * fw;
    float[] a = new float[channels * hw];
    float[] g = new float[channels * hw];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < fh; y++) {
        for (int x = 0; x < fw; x++) {
          double v = 0;
          for (int b = 0; b < blobs.length; b++) {
            double[] bl = blobs[b];
            double cy = bl[0] + speed * t * bl[2];
            double cx = bl[1] + speed * t * bl[3];
            double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
            v += mix[c][b] * bl[4] * Math.exp(-d2 / 3);
          }
          a[c * hw + y * fw + x] = (float) Math.max(0, v + 0.01 * noise.nextGaussian());
          g[c * hw + y * fw + x] = grad[c];
        }
      }
    }
    return new FeatureMaps(channels, fh, fw, a, g);
  }

  ModelInput image(int t) {
    float[] d = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double xs = x + speed * t * w / fw;
          d[c * h * w + y * w + x] =
              (float) (Math.sin(0.3 * xs + c) * Math.cos(0.2 * y) + 0.3 * Math.sin(0.05 * xs * y));
        }
      }
    }
    return new ModelInput(3, h, w, d);
  }

  /**
   * Target score: a fixed smooth weighting of the input (evidence concentrated top-left), plus a
   * constant.
   */
  MaskedScorer linearScorer(int[] calls) {
    return (List<ModelInput> batch) -> {
      calls[0] += batch.size();
      float[] out = new float[batch.size()];
      for (int i = 0; i < out.length; i++) {
        ModelInput m = batch.get(i);
        double s = 0;
        for (int c = 0; c < m.channels(); c++) {
          for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
              double wgt =
                  Math.exp(
                      -((y - 0.3 * h) * (y - 0.3 * h) + (x - 0.35 * w) * (x - 0.35 * w))
                          / (0.1 * h * w));
              s += wgt * m.data()[(c * m.height() + y) * m.width() + x];
            }
          }
        }
        out[i] = (float) (2 + s / (h * w) * 10);
      }
      return out;
    };
  }
}
