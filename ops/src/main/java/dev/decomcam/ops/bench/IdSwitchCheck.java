package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.TrackedOssm;
import dev.decomcam.processor.track.ComponentTracker;
import java.util.List;

/**
 * An independent check of the tracker's ids, frame to frame. A component of this frame
 * <em>persists</em> when it holds at least {@code minEnergy} of the variance and its map has |cos|
 * ≥ {@code minCosine} with some component of the previous frame (the one with the largest |cos|):
 * then it is visibly the same thing, and should carry that component's id. A frame
 * <em>switches</em> when any persisting component carries a different id. Frames that reset (scene
 * cut, class change) are not compared: new ids are correct there.
 *
 * <p>This is stricter than the tracker's own matching (which accepts |cos| ≥ 0.4 for an established
 * track) and uses only the maps, so it can catch the tracker giving a new id to a component that
 * barely moved, or swapping ids between two components.
 */
public final class IdSwitchCheck {
  private final double minCosine;
  private final double minEnergy;
  private List<TrackedOssm> previous;
  private int compared;
  private int switched;

  public IdSwitchCheck(double minCosine, double minEnergy) {
    this.minCosine = minCosine;
    this.minEnergy = minEnergy;
  }

  /** |cos| ≥ 0.8, energy ≥ 5 %. */
  public static IdSwitchCheck defaults() {
    return new IdSwitchCheck(0.8, 0.05);
  }

  /**
   * Checks one frame against the previous one; returns whether it switched an id.
   *
   * @param reset whether the streaming method reset on this frame (not compared)
   */
  public boolean next(List<TrackedOssm> components, boolean reset) {
    boolean sw = false;
    if (previous != null && !reset) {
      compared++;
      for (TrackedOssm c : components) {
        if (c.ossm().energy() < minEnergy) {
          continue;
        }
        TrackedOssm best = null;
        double bestCos = -1;
        for (TrackedOssm p : previous) {
          double cos = Math.abs(ComponentTracker.cosine(c.ossm().map(), p.ossm().map()));
          if (cos > bestCos) {
            bestCos = cos;
            best = p;
          }
        }
        if (best != null && bestCos >= minCosine && best.id() != c.id()) {
          sw = true;
        }
      }
      switched += sw ? 1 : 0;
    }
    previous = components;
    return sw;
  }

  /** Frames compared (all but the first and resets). */
  public int compared() {
    return compared;
  }

  /** Compared frames with at least one id switch. */
  public int switched() {
    return switched;
  }
}
