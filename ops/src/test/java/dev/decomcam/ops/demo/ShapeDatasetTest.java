package dev.decomcam.ops.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeDatasetTest {

  @Test
  void sameSeedSamePixelsOtherSeedOrSplitDiffers() {
    Sample a = ShapeDataset.sample(5, ShapeDataset.Split.TRAIN, 17, 320, 240);
    Sample b = ShapeDataset.sample(5, ShapeDataset.Split.TRAIN, 17, 320, 240);
    Sample c = ShapeDataset.sample(6, ShapeDataset.Split.TRAIN, 17, 320, 240);
    Sample d = ShapeDataset.sample(5, ShapeDataset.Split.HELD_OUT, 17, 320, 240);
    assertArrayEquals(pixels(a.image()), pixels(b.image()));
    assertEquals(a.box(), b.box());
    assertFalse(java.util.Arrays.equals(pixels(a.image()), pixels(c.image())));
    assertFalse(java.util.Arrays.equals(pixels(a.image()), pixels(d.image())));
  }

  @Test
  void classesAreBalancedAndBoxesInsideTheImage() {
    List<Sample> samples = ShapeDataset.generate(1, ShapeDataset.Split.TRAIN, 0, 60);
    int[] counts = new int[ShapeClass.values().length];
    Rectangle frame = new Rectangle(0, 0, ShapeDataset.SCENE_WIDTH, ShapeDataset.SCENE_HEIGHT);
    for (Sample s : samples) {
      counts[s.shape().ordinal()]++;
      assertTrue(frame.contains(s.box()), "box " + s.box());
      assertTrue(s.box().width >= 0.2 * ShapeDataset.SCENE_HEIGHT, "target too small: " + s.box());
    }
    for (int n : counts) {
      assertEquals(10, n);
    }
  }

  @Test
  void targetFillsItsBoxCentre() {
    // every class contains its bounding box's centre, so the box is where the target was painted
    for (int i = 0; i < 30; i++) {
      Sample s = ShapeDataset.sample(2, ShapeDataset.Split.HELD_OUT, i, 320, 240);
      Rectangle b = s.box();
      int centre = s.image().getRGB((int) b.getCenterX(), (int) b.getCenterY());
      int neighbour = s.image().getRGB((int) b.getCenterX() + 2, (int) b.getCenterY() + 1);
      // a solid fill: neighbouring pixels of the target are equal (the background carries noise)
      assertEquals(centre, neighbour, "sample " + i + " (" + s.shape().label() + ")");
    }
  }

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }
}
