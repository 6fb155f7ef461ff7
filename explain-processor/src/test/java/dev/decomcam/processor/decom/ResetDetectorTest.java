package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ResetDetectorTest {
  private final ResetDetector detector = new ResetDetector(0.5);
  private final FeatureMaps features = new FeatureMaps(2, 1, 2, new float[4], new float[4]);

  private static StreamingState seen(int target, int c, int h, int w, float... scene) {
    return new StreamingState(
        3, 0, target, c, h, w, new int[0], new DMatrixRMaj(0, 0), scene, 0, List.of());
  }

  @Test
  void aColdCameraStarts() {
    ResetDetector.Verdict v =
        detector.check(StreamingState.cold(), features, new float[] {1, 0}, 4);
    assertTrue(v.reset());
    assertEquals("start", v.reason());
    assertTrue(Double.isNaN(v.sceneSimilarity()));
  }

  @Test
  void aNewFeatureShapeOrTargetClassResets() {
    assertEquals(
        "feature shape changed from 3x1x2 to 2x1x2",
        detector.check(seen(4, 3, 1, 2, 1, 0), features, new float[] {1, 0}, 4).reason());
    assertEquals(
        "target class changed from 4 to 5",
        detector.check(seen(4, 2, 1, 2, 1, 0), features, new float[] {1, 0}, 5).reason());
  }

  @Test
  void aSceneCutIsASignatureCosineBelowTheThreshold() {
    StreamingState before = seen(4, 2, 1, 2, 1, 0);
    ResetDetector.Verdict same = detector.check(before, features, new float[] {2, 0}, 4);
    assertFalse(same.reset());
    assertEquals(1, same.sceneSimilarity(), 1e-9);
    ResetDetector.Verdict near = detector.check(before, features, new float[] {1, 1}, 4);
    assertFalse(near.reset(), "cos 0.71 >= 0.5");
    ResetDetector.Verdict cut = detector.check(before, features, new float[] {0, 1}, 4);
    assertTrue(cut.reset());
    assertEquals("scene cut: activation similarity 0.00 < 0.50", cut.reason());
  }

  @Test
  void signaturesOfAnotherLengthAreNotCompared() {
    ResetDetector.Verdict v =
        detector.check(seen(4, 2, 1, 2, 1, 0, 0), features, new float[] {0, 1}, 4);
    assertFalse(v.reset());
    assertTrue(Double.isNaN(v.sceneSimilarity()));
  }
}
