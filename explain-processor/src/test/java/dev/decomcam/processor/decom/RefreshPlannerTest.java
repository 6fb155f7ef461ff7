package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RefreshPlannerTest {
  private static final StreamingConfig CONFIG =
      StreamingConfig.defaults()
          .withRefreshPerFrame(0.25)
          .withRefreshEvery(8)
          .withResetCoverage(0.6)
          .withDriftThreshold(0.1)
          .withRescoreAllFraction(0.8);
  private final RefreshPlanner planner = new RefreshPlanner(CONFIG);
  private static final float[][] MAPS = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
  private static final double[] SINGULAR = {5, 3, 1, 1};
  private static final double[] ENERGY = {0.6, 0.3, 0.05, 0.05};

  private static ScoreMemory.KnownScore own(float[] scoredMap, long at) {
    return new ScoreMemory.KnownScore(true, 1, at, scoredMap, Double.NaN, 0, null);
  }

  @Test
  void theBudgetIsSpentInRoundsEveryRefreshEveryFrames() {
    for (int f = 0; f < 7; f++) {
      assertEquals(0, planner.budget(f), "frame " + f);
    }
    assertEquals(2, planner.budget(7), "floor(8 x 0.25) - floor(0 x 0.25)");
    assertEquals(2, planner.budget(15));
    assertEquals(0, planner.budget(16));
  }

  @Test
  void leadingMarksTheStrongestUntilTheyHoldTheCoverage() {
    boolean[] need = new boolean[4];
    assertEquals(
        2,
        planner.leading(SINGULAR, new boolean[] {true, true, true, true}, need),
        "5 + 3 >= 0.6 x 10");
    assertArrayEquals(new boolean[] {true, true, false, false}, need);
  }

  @Test
  void aResetScoresTheLeadingComponentsOnly() {
    RefreshPlanner.ScoringPlan p =
        planner.plan(MAPS, true, 3, ENERGY, SINGULAR, new ScoreMemory.KnownScore[4]);
    assertArrayEquals(new boolean[] {true, true, false, false}, p.measure());
    assertEquals(new Tracking.Scoring(2, 0, 0, 0), p.scoring());
  }

  @Test
  void steadyComponentsWaitForTheBudgetAndTheStalestGoFirst() {
    ScoreMemory.KnownScore[] known = {
      own(MAPS[0], 0), own(MAPS[1], 0), own(MAPS[2], 6), own(MAPS[3], 5)
    };
    RefreshPlanner.ScoringPlan quiet = planner.plan(MAPS, false, 6, ENERGY, SINGULAR, known);
    assertArrayEquals(new boolean[4], quiet.measure(), "no budget on frame 6");
    RefreshPlanner.ScoringPlan round = planner.plan(MAPS, false, 7, ENERGY, SINGULAR, known);
    assertArrayEquals(
        new boolean[] {true, true, false, false},
        round.measure(),
        "oldest scores, larger energy first");
    assertEquals(new Tracking.Scoring(0, 0, 2, 0), round.scoring());
  }

  @Test
  void aChangedDecompositionRescoresItsStrongestComponentsAtOnce() {
    // the two strongest drifted (their scored maps are orthogonal to their maps now): 90 % of the
    // energy
    ScoreMemory.KnownScore[] known = {
      own(MAPS[1], 6), own(MAPS[0], 6), own(MAPS[2], 6), own(MAPS[3], 6)
    };
    RefreshPlanner.ScoringPlan p = planner.plan(MAPS, false, 6, ENERGY, SINGULAR, known);
    assertArrayEquals(new boolean[] {true, false, false, false}, p.measure(), "5 >= 0.6 x (5 + 3)");
    assertEquals(new Tracking.Scoring(0, 1, 0, 0), p.scoring());
  }

  @Test
  void aComponentWithNothingToBorrowIsScoredWhateverTheBudget() {
    ScoreMemory.KnownScore[] known = {own(MAPS[0], 6), null, own(MAPS[2], 6), own(MAPS[3], 6)};
    RefreshPlanner.ScoringPlan p = planner.plan(MAPS, false, 6, ENERGY, SINGULAR, known);
    assertArrayEquals(new boolean[] {false, true, false, false}, p.measure());
    assertEquals(new Tracking.Scoring(1, 0, 0, 0), p.scoring());
  }
}
