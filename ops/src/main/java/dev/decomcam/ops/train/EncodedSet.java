package dev.decomcam.ops.train;

import dev.decomcam.ops.demo.Sample;
import dev.decomcam.ops.demo.ShapeClass;
import dev.decomcam.ops.demo.ShapeDataset;
import java.util.stream.IntStream;

/**
 * A slice of the shapes data set already at the model's input size, kept as RGB bytes (a tenth of
 * the memory of floats) and normalised one batch at a time.
 *
 * @param images channel-first RGB bytes, one array per sample
 * @param labels class index per sample
 */
public record EncodedSet(byte[][] images, int[] labels) {

  /**
   * Draws samples {@code [0, count)} of a split and resizes them; samples are independent, so
   * drawing them in parallel gives the same set as drawing them in order.
   *
   * @param areaEvery every n-th round of six samples (one per class) is downscaled by area
   *     averaging instead of bilinear (augmentation against a different resize at inference); 0 for
   *     never
   */
  public static EncodedSet draw(long seed, ShapeDataset.Split split, int count, int areaEvery) {
    byte[][] images = new byte[count][];
    int[] labels = new int[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              Sample s =
                  ShapeDataset.sample(
                      seed, split, i, ShapeDataset.SCENE_WIDTH, ShapeDataset.SCENE_HEIGHT);
              // decided per run of one sample of each class: deciding per sample index would tie
              // the
              // resize method to the class (classes cycle with the index) and leak the label into
              // texture
              int round = i / ShapeClass.values().length;
              ImageTensors.Resize resize =
                  areaEvery > 0 && round % areaEvery == areaEvery - 1
                      ? ImageTensors.Resize.AREA
                      : ImageTensors.Resize.BILINEAR;
              images[i] =
                  ImageTensors.chw(s.image(), DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE, resize);
              labels[i] = s.shape().ordinal();
            });
    return new EncodedSet(images, labels);
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  /** Normalised inputs of the samples at {@code order[from..from+n)}, concatenated. */
  public float[] batch(int[] order, int from, int n) {
    int per = images[0].length;
    float[] out = new float[n * per];
    for (int k = 0; k < n; k++) {
      ImageTensors.normalise(images[order[from + k]], out, k * per);
    }
    return out;
  }
}
