package dev.decomcam.ops.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.chaos.OutputLedger.Explained;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChaosVerdictTest {
  private static final ChaosVerdict.ContentChange NEVER = (camera, s) -> false;

  private static List<Explained> explained(int n, long... resets) {
    Set<Long> r = new java.util.HashSet<>();
    for (long s : resets) {
      r.add(s);
    }
    List<Explained> es = new ArrayList<>();
    for (long s = 0; s < n; s++) {
      es.add(new Explained(s, s == 0 || r.contains(s), 3));
    }
    return es;
  }

  private static List<Long> sequences(int n) {
    return LongStream.range(0, n).boxed().toList();
  }

  @Test
  void everyFrameOnceInOrderWithWarmHandOversPasses() {
    ChaosVerdict v =
        ChaosVerdict.judge(
            Map.of("a", 10),
            Map.of("a", explained(10)),
            Map.of("a", sequences(10)),
            Map.of("a", Set.of(3L, 6L)),
            NEVER);
    assertTrue(v.passed(), v.problems().toString());
    assertEquals(10, v.explanations());
    assertEquals(10, v.overlays());
    assertEquals(2, v.warmResumes());
    assertEquals(0, v.coldResumes());
  }

  @Test
  void missingRepeatedAndReorderedFramesAreCounted() {
    List<Explained> es = new ArrayList<>(explained(10));
    es.remove(4);
    es.add(new Explained(2, false, 3));
    List<Long> overlays = new ArrayList<>(List.of(0L, 1L, 3L, 2L, 4L, 5L, 6L, 7L, 8L, 9L));
    ChaosVerdict v =
        ChaosVerdict.judge(
            Map.of("a", 10), Map.of("a", es), Map.of("a", overlays), Map.of(), NEVER);
    assertEquals(1, v.missing());
    assertEquals(1, v.duplicated());
    assertEquals(1, v.outOfOrder());
    assertFalse(v.passed());
  }

  @Test
  void aResetAfterAHandOverIsColdUnlessTheContentChanged() {
    ChaosVerdict cold =
        ChaosVerdict.judge(
            Map.of("a", 10),
            Map.of("a", explained(10, 5)),
            Map.of("a", sequences(10)),
            Map.of("a", Set.of(3L)),
            NEVER);
    assertEquals(1, cold.coldResumes());
    assertFalse(cold.passed());
    ChaosVerdict content =
        ChaosVerdict.judge(
            Map.of("a", 10),
            Map.of("a", explained(10, 5)),
            Map.of("a", sequences(10)),
            Map.of("a", Set.of(3L)),
            (camera, s) -> s == 5);
    assertEquals(0, content.coldResumes());
    assertEquals(1, content.contentResumes());
    assertTrue(content.passed());
  }

  @Test
  void resetsOutsideHandOversAreCountedApart() {
    ChaosVerdict v =
        ChaosVerdict.judge(
            Map.of("a", 20),
            Map.of("a", explained(20, 15)),
            Map.of("a", sequences(20)),
            Map.of("a", Set.of(2L)),
            NEVER);
    assertEquals(1, v.warmResumes());
    assertEquals(1, v.otherResets());
  }
}
