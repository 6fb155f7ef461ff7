package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.TrackEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * How one frame's components relate to the camera's earlier frames, the same shape for every
 * method: the components with stable ids (rank order, as in the result), the tracker's events,
 * whether the frame started afresh ({@code reset}), the masked forwards it spent (including the
 * blurred baseline in GAIN mode), the largest principal angle (radians) between this and the
 * previous leading subspace (NaN when not comparable), the SVD's iterations (0 = exact), the scene
 * similarity to the previous frame (NaN when there is none) and the components scored by cause.
 * {@code tracked} is false for a method that explains each frame on its own ({@link #untracked}):
 * ids are ranks, no events, every frame a reset.
 */
public record Tracking(
    boolean tracked,
    List<TrackedOssm> components,
    List<TrackEvent> events,
    boolean reset,
    int maskedForwards,
    double subspaceAngle,
    int svdIterations,
    double sceneSimilarity,
    Scoring scoring) {

  public Tracking {
    components = List.copyOf(components);
    events = List.copyOf(events);
  }

  /**
   * Components scored (one masked forward each) this frame, by cause: a reset (the strongest
   * components only, up to {@code resetCoverage}), a changed decomposition (new or drifted
   * components holding {@code rescoreAllFraction} of the energy, the strongest of them), and the
   * round-robin refresh budget; and how many components carry an estimated score, never measured
   * (after a reset the lowest measured one, until their turn in the budget).
   */
  public record Scoring(int reset, int changed, int refresh, int estimated) {

    /** Masked forwards for components (the GAIN baseline not included). */
    public int total() {
      return reset + changed + refresh;
    }
  }

  /**
   * A frame explained on its own: each component scored once (one masked forward each), ids by
   * rank.
   */
  public static Tracking untracked(List<Ossm> components) {
    List<TrackedOssm> tracked = new ArrayList<>(components.size());
    components.forEach(o -> tracked.add(TrackedOssm.untracked(o)));
    return new Tracking(
        false,
        tracked,
        List.of(),
        true,
        components.size(),
        Double.NaN,
        0,
        Double.NaN,
        new Scoring(0, 0, 0, 0));
  }
}
