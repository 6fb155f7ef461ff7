package dev.decomcam.processor.decom;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The channel set a streaming camera decomposes (the columns of X), kept from frame to frame so the
 * previous basis stays comparable: the previous set while this frame's own top-K overlaps it by at
 * least {@code minOverlap} of K, else this frame's top-K with the previous basis moved onto it as a
 * warm start (zero rows for new channels). Channel sets are ascending indices.
 */
final class StickyChannels {

  /**
   * The channels to decompose, the warm-start basis (null: start cold) and whether the basis is the
   * previous one unchanged (so the subspace angle to it means something).
   */
  record Choice(int[] channels, DMatrixRMaj warm, boolean comparable) {}

  private final double minOverlap;

  StickyChannels(double minOverlap) {
    this.minOverlap = minOverlap;
  }

  /** After a reset: this frame's top-K, no warm start. */
  static Choice fresh(int[] top) {
    return new Choice(top, null, false);
  }

  /**
   * {@code top}: this frame's top-K, ascending; {@code previous}, {@code basis}: the camera's set
   * and basis.
   */
  Choice choose(int[] top, int[] previous, DMatrixRMaj basis) {
    if (overlap(previous, top) >= minOverlap * top.length) {
      return new Choice(previous, basis, true);
    }
    return new Choice(top, remap(basis, previous, top), false);
  }

  static int overlap(int[] sortedA, int[] sortedB) {
    int i = 0;
    int j = 0;
    int same = 0;
    while (i < sortedA.length && j < sortedB.length) {
      if (sortedA[i] == sortedB[j]) {
        same++;
        i++;
        j++;
      } else if (sortedA[i] < sortedB[j]) {
        i++;
      } else {
        j++;
      }
    }
    return same;
  }

  /**
   * The basis with its rows moved from channel set {@code from} to {@code to} (zero for new
   * channels).
   */
  static DMatrixRMaj remap(DMatrixRMaj basis, int[] from, int[] to) {
    DMatrixRMaj out = new DMatrixRMaj(to.length, basis.numCols);
    for (int r = 0; r < to.length; r++) {
      int k = Arrays.binarySearch(from, to[r]);
      if (k >= 0) {
        for (int c = 0; c < basis.numCols; c++) {
          out.unsafe_set(r, c, basis.unsafe_get(k, c));
        }
      }
    }
    return out;
  }
}
