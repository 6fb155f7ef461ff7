package dev.decomcam.ops.demo;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * One labelled synthetic scene: the image, the class of its single target shape and the shape's
 * bounding box in image pixels.
 *
 * @param image RGB scene ({@link BufferedImage#TYPE_INT_RGB})
 * @param shape the target's class
 * @param box the target's bounding box, clipped to the image
 */
public record Sample(BufferedImage image, ShapeClass shape, Rectangle box) {}
