package dev.decomcam.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerBenchTest {

  @Test
  void twoHalvesJoinIntoOneResultWithFrameWeightedStageMeans() {
    ExplainerBench.Result before =
        new ExplainerBench.Result(100, 1.0, Map.of("explain", 10.0, "svd", 4.0), 200);
    ExplainerBench.Result after =
        new ExplainerBench.Result(300, 2.0, Map.of("explain", 6.0, "forward", 1.0), 200);
    ExplainerBench.Result both = before.and(after);
    assertEquals(400, both.frames());
    assertEquals(3.0, both.seconds(), 1e-12);
    assertEquals(400 / 3.0, both.fps(), 1e-9, "frames over seconds, not the mean of the rates");
    assertEquals(7.0, both.stagesMs().get("explain"), 1e-12, "(100 * 10 + 300 * 6) / 400");
    assertEquals(4.0, both.stagesMs().get("svd"), 1e-12, "only in the first half");
    assertEquals(1.0, both.stagesMs().get("forward"), 1e-12, "only in the second half");
    assertEquals(200, both.clip());
  }

  @Test
  void resultsOfDifferentClipsAreNotJoined() {
    ExplainerBench.Result a = new ExplainerBench.Result(10, 1.0, Map.of(), 200);
    ExplainerBench.Result b = new ExplainerBench.Result(10, 1.0, Map.of(), 100);
    assertThrows(IllegalArgumentException.class, () -> a.and(b));
  }
}
