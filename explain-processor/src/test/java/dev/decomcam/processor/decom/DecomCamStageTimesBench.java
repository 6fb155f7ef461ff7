package dev.decomcam.processor.decom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a test: median stage times of full Decom-CAM on the first MobileNetV2 reference
 * case, the scorer stubbed. Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=DecomCamStageTimesBench} and ../shared present; prints, asserts nothing.
 */
class DecomCamStageTimesBench {

  @Test
  void stageTimes() throws IOException {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    MobileNetV2ReferenceTest.Case c =
        MobileNetV2ReferenceTest.Case.load(
            MobileNetV2ReferenceTest.names().findFirst().orElseThrow());
    DecomCam method = new DecomCam(DecomCamConfig.defaults());
    float[] scores = new float[10];
    Arrays.fill(scores, 1f);
    Map<String, List<Double>> all = new TreeMap<>();
    for (int run = 0; run < 120; run++) {
      SaliencyResult r = method.explain(c.input(), c.features(), batch -> scores.clone());
      if (run >= 60) {
        r.timingsMs().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    StringBuilder s =
        new StringBuilder(
            "decomcam stage times (median ms, 1280x7x7, K=100, n=10, 224x224, scorer stubbed):");
    all.forEach(
        (k, v) ->
            s.append(String.format(" %s=%.3f", k, v.stream().sorted().toList().get(v.size() / 2))));
    System.out.println(s);
  }
}
