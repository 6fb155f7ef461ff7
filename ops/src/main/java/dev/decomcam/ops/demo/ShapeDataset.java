package dev.decomcam.ops.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo model's data set: scenes with one target shape of a random class, colour, size, rotation
 * and position on a textured background among non-class distractors.
 *
 * <p>Sample {@code i} of a split depends only on (seed, split, i), so any slice can be generated
 * alone and the same seed always gives the same pixels. Classes cycle with the index, so every
 * slice of 6k consecutive samples is balanced.
 */
public final class ShapeDataset {

  /** Scene size of the demo video; training scenes use it too so shapes are stretched alike. */
  public static final int SCENE_WIDTH = 320;

  /** See {@link #SCENE_WIDTH}. */
  public static final int SCENE_HEIGHT = 240;

  /** Disjoint sample streams drawn from one seed. */
  public enum Split {
    TRAIN(0x7A41L),
    HELD_OUT(0x4E1DL);

    private final long salt;

    Split(long salt) {
      this.salt = salt;
    }
  }

  private ShapeDataset() {}

  /** Samples {@code [from, from + count)} of a split at the demo scene size. */
  public static List<Sample> generate(long seed, Split split, int from, int count) {
    List<Sample> out = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      out.add(sample(seed, split, i, SCENE_WIDTH, SCENE_HEIGHT));
    }
    return out;
  }

  /** Sample {@code index} of a split, drawn at the given size. */
  public static Sample sample(long seed, Split split, int index, int width, int height) {
    Random rnd = new Random(mix(seed, split.salt, index));
    ShapeClass shape = ShapeClass.values()[Math.floorMod(index, ShapeClass.values().length)];
    BufferedImage img = ScenePainter.background(width, height, rnd);
    Rectangle frame = new Rectangle(0, 0, width, height);
    double unit = Math.min(width, height);
    double radius = unit * (0.15 + 0.17 * rnd.nextDouble());
    double x = radius + rnd.nextDouble() * (width - 2 * radius);
    double y = radius + rnd.nextDouble() * (height - 2 * radius);
    double angle = rnd.nextDouble() * 2 * Math.PI;
    int distractors = 3 + rnd.nextInt(7);
    Graphics2D g = img.createGraphics();
    try {
      for (int i = 0; i < distractors; i++) {
        Distractor d = ScenePainter.distractor(width, height, rnd);
        ScenePainter.paintDistractor(
            g,
            d,
            rnd.nextDouble() * width,
            rnd.nextDouble() * height,
            rnd.nextDouble() * 2 * Math.PI);
      }
      Rectangle around =
          new Rectangle(
              (int) (x - radius), (int) (y - radius), (int) (2 * radius), (int) (2 * radius));
      Color fill = ScenePainter.targetColour(ScenePainter.meanColour(img, around), rnd);
      Rectangle box = ScenePainter.paintTarget(g, shape, x, y, radius, angle, fill, frame);
      return new Sample(img, shape, box);
    } finally {
      g.dispose();
    }
  }

  /** SplitMix64-style mixing so nearby indices give unrelated {@link Random} streams. */
  static long mix(long seed, long salt, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
