package dev.decomcam.ops.demo;

import java.awt.Color;
import java.awt.Shape;

/**
 * A piece of clutter that is none of the {@link ShapeClass}es: a scribble, a partial arc, a lumpy
 * blob or a small irregular polygon. Its outline is in pixels around the origin so a scene can
 * place, move and rotate it.
 *
 * @param kind what it is, for debugging and tests
 * @param outline the geometry around the origin, in pixels
 * @param filled whether the outline is filled (blobs, polygons) or stroked (scribbles, arcs)
 * @param strokeWidth line width in pixels for stroked clutter
 * @param colour paint colour
 */
public record Distractor(
    Kind kind, Shape outline, boolean filled, float strokeWidth, Color colour) {

  /** The kinds of clutter. */
  public enum Kind {
    SCRIBBLE,
    ARC,
    BLOB,
    POLYGON
  }
}
