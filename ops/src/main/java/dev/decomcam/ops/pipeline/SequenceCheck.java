package dev.decomcam.ops.pipeline;

/**
 * Whether one camera's records arrive as sequences 0, 1, 2, … each exactly once and in that order,
 * checked as they arrive with a few counters instead of a list of every sequence, so a long run
 * holds the same memory at its end as at its start. Every arrival must carry the number of records
 * that arrived before it: a missing, duplicated or reordered record breaks that at once. The two
 * counters say which kind of break: {@code behind} a sequence not above the highest seen (a
 * duplicate or a late one), {@code gaps} one more than one above it (a missing one, or an early
 * one). Not thread-safe.
 */
public final class SequenceCheck {
  private long count;
  private long highest = -1;
  private long misplaced;
  private long behind;
  private long gaps;

  /** Records the arrival of {@code sequence}. */
  public void add(long sequence) {
    if (sequence != count) {
      misplaced++;
    }
    if (sequence <= highest) {
      behind++;
    } else {
      if (sequence > highest + 1) {
        gaps++;
      }
      highest = sequence;
    }
    count++;
  }

  /** Records that arrived. */
  public long count() {
    return count;
  }

  /** The highest sequence seen; -1 before the first. */
  public long highest() {
    return highest;
  }

  /** Arrivals whose sequence was not the number of arrivals before them. */
  public long misplaced() {
    return misplaced;
  }

  /** Arrivals whose sequence was not above the highest seen before (duplicates, late records). */
  public long behind() {
    return behind;
  }

  /** Arrivals that skipped sequences above the highest seen (missing records, early ones). */
  public long gaps() {
    return gaps;
  }

  /** Whether exactly the sequences 0 … {@code expected} - 1 arrived, once each, in order. */
  public boolean exactlyOnceInOrder(long expected) {
    return misplaced == 0 && count == expected;
  }

  @Override
  public String toString() {
    return count
        + " records, highest sequence "
        + highest
        + ", "
        + misplaced
        + " misplaced ("
        + behind
        + " behind, "
        + gaps
        + " gaps)";
  }
}
