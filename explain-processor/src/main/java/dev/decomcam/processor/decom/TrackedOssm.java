package dev.decomcam.processor.decom;

import java.util.Objects;

/**
 * A component with its stable {@code id}, its |cosine| to the matched component of the previous
 * frame (0 when new), whether its score was reused rather than measured this frame, and how many
 * frames old that score is (0 when fresh). A method without tracking numbers its components by
 * rank, and every score is fresh.
 */
public record TrackedOssm(
    Ossm ossm, int id, double similarity, boolean scoreReused, long scoreAgeFrames) {

  public TrackedOssm {
    Objects.requireNonNull(ossm, "tracked component: ossm must not be null");
  }

  /** {@code o} on a frame of its own: id = rank, no previous frame, score measured now. */
  public static TrackedOssm untracked(Ossm o) {
    return new TrackedOssm(o, o.rank(), 0, false, 0);
  }
}
