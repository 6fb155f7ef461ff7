package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.track.Track;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreMemoryTest {
  private static final float[][] MAPS = {{1, 0}, {0, 1}, {1, 1}};
  private static final List<Track> TRACKS =
      List.of(new Track(0, MAPS[0], 1), new Track(1, MAPS[1], 2), new Track(2, MAPS[2], 3));

  @Test
  void measuredRememberedAndOtherSideScoresSettleInOrder() {
    float[] other = {-1, -1};
    ScoreMemory.KnownScore[] known = {
      null,
      new ScoreMemory.KnownScore(true, 2, 3, MAPS[1], Double.NaN, 0, null),
      new ScoreMemory.KnownScore(true, Double.NaN, 0, null, 5, 1, other)
    };
    ScoreMemory.Settled s =
        ScoreMemory.settle(
            known, new boolean[] {true, false, false}, new double[] {4}, TRACKS, MAPS, 9);
    assertArrayEquals(new double[] {4, 2, 5}, s.scores(), 0);
    assertEquals(9, s.components().get(0).scoredAtFrame(), "measured now");
    assertEquals(3, s.components().get(1).scoredAtFrame(), "remembered");
    assertSame(other, s.components().get(2).scoredMap(), "kept against the other side's map");
    assertEquals(0, s.estimated());
  }

  @Test
  void afterAResetTheUnmeasuredTakeTheLowestMeasuredScoreAsAnEstimate() {
    ScoreMemory.Settled s =
        ScoreMemory.settle(
            new ScoreMemory.KnownScore[3],
            new boolean[] {true, true, false},
            new double[] {3, 1.5},
            TRACKS,
            MAPS,
            0);
    assertArrayEquals(new double[] {3, 1.5, 1.5}, s.scores(), 0);
    assertTrue(s.components().get(2).isEstimate());
    assertFalse(s.components().get(0).isEstimate());
    assertEquals(1, s.estimated());
  }

  @Test
  void aFlippedComponentSwapsItsOrientationsScores() {
    StreamingState.Component c =
        new StreamingState.Component(TRACKS.get(0), 2, 4, MAPS[0], 7, 5, new float[] {0, 3});
    ScoreMemory.KnownScore same = ScoreMemory.KnownScore.of(c, true, false);
    ScoreMemory.KnownScore flipped = ScoreMemory.KnownScore.of(c, true, true);
    assertEquals(2, same.score());
    assertEquals(7, flipped.score());
    assertEquals(2, flipped.oppositeScore());
    ScoreMemory.KnownScore borrowed = ScoreMemory.KnownScore.of(c, false, false);
    assertFalse(borrowed.own());
    assertFalse(borrowed.hasOpposite(), "a borrowed score stands for both orientations");
  }
}
