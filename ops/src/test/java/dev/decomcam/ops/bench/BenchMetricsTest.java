package dev.decomcam.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.Ossm;
import dev.decomcam.processor.decom.TrackedOssm;
import dev.decomcam.processor.explain.TargetChooser;
import dev.decomcam.processor.track.TrackEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's metrics on hand-made inputs. */
class BenchMetricsTest {

  private static TrackedOssm comp(int id, double energy, float... map) {
    return new TrackedOssm(new Ossm(0, 1, map.length, map, 1, energy, 0, 0), id, 0, false, 0);
  }

  @Test
  void pearsonOfALinearTransformIsOneAndOfANegationMinusOne() {
    float[] a = {1, 2, 3, 5};
    assertEquals(1.0, Correlation.pearson(a, new float[] {3, 5, 7, 11}), 1e-12);
    assertEquals(-1.0, Correlation.pearson(a, new float[] {-1, -2, -3, -5}), 1e-12);
    assertEquals(0.0, Correlation.pearson(a, new float[] {2, 2, 2, 2}));
    assertEquals(1.0, Correlation.pearson(new float[3], new float[3]));
    assertEquals(2.0, Stats.percentile(new double[] {5, 1, 4, 2, 3}, 30));
  }

  @Test
  void anIdSwitchIsAPersistingStrongComponentWithANewId() {
    IdSwitchCheck check = IdSwitchCheck.defaults();
    assertFalse(check.next(List.of(comp(1, 0.5f, 1, 0, 0), comp(2, 0.3, 0, 1, 0)), true));
    // same maps, same ids (one negated: |cos| counts)
    assertFalse(check.next(List.of(comp(1, 0.5, -1, 0, 0), comp(2, 0.3, 0, 1, 0.1f)), false));
    // ids swapped between the two maps
    assertTrue(check.next(List.of(comp(2, 0.5, 1, 0, 0), comp(1, 0.3, 0, 1, 0)), false));
    // a weak component (< 5 % energy) with a new id does not count, nor does a new map
    assertFalse(
        check.next(
            List.of(comp(2, 0.5, 1, 0, 0), comp(9, 0.01, 0, 1, 0), comp(7, 0.2, 0, 0, 1)), false));
    // a reset frame is not compared
    assertFalse(check.next(List.of(comp(20, 0.5, 1, 0, 0)), true));
    assertEquals(3, check.compared());
    assertEquals(1, check.switched());
  }

  @Test
  void aStickyTargetHoldsWhileInTheTopKAndTop1SwitchesAtOnce() {
    TargetChooser sticky = TargetChooser.sticky(2);
    TargetChooser top1 = TargetChooser.top1();
    int current = sticky.choose(new float[] {3, 2, 1}, -1);
    assertEquals(0, current);
    current = sticky.choose(new float[] {2, 3, 1}, current);
    assertEquals(0, current, "second: still in the top 2");
    assertEquals(1, top1.choose(new float[] {2, 3, 1}, 0));
    assertEquals(
        2, sticky.choose(new float[] {1, 2, 3}, current), "dropped to third: follow the top-1");
  }

  @Test
  void aCutPassesOnlyWhenEveryOldIdVanishesAndNewOnesAppear() {
    List<TrackEvent> good =
        List.of(
            new TrackEvent(TrackEvent.Type.RESET, -1, 0, 0, 0, "scene cut"),
            new TrackEvent(TrackEvent.Type.VANISHED, 1, 0, 0, 0, ""),
            new TrackEvent(TrackEvent.Type.VANISHED, 2, 0, 0, 0, ""),
            new TrackEvent(TrackEvent.Type.APPEARED, 3, 0, 0.5, 1, ""));
    assertTrue(CutCheck.of(30, Set.of(1, 2), good, true, List.of(), false).passed());
    List<TrackEvent> kept =
        List.of(
            new TrackEvent(TrackEvent.Type.PERSISTED, 1, 0.9, 0.5, 1, ""),
            new TrackEvent(TrackEvent.Type.VANISHED, 2, 0, 0, 0, ""));
    CutCheck bad = CutCheck.of(30, Set.of(1, 2), kept, false, kept, false);
    assertFalse(bad.passed());
    assertEquals(-1, bad.resetFrame());
  }
}
