package dev.decomcam.ops.pipeline;

import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link DemoReport} says about the explanations, taken in as they arrive and kept as sums
 * and counts, so a run of any length holds the same memory at its end: the mean time per stage, how
 * often the saliency peak falls in the ground truth's box (the generated demo video), the distinct
 * component ids handed out and how often the leading component (largest energy) kept its id from
 * one explained frame of a camera to its next. Each camera's explanations arrive in sequence order
 * (one partition per camera, read committed), which the leading-id comparison relies on; a run
 * where they do not fails its exactly-once check anyway. Skip records are left out: they have no
 * map, and their timings are not a frame's explanation. Call {@link #add} from one thread.
 */
public final class ExplanationTally {
  private final GroundTruth truth;
  private final Map<String, double[]> stages = new LinkedHashMap<>();
  private final Map<String, BitSet> ids = new HashMap<>();
  private final Set<String> negativeIds = new HashSet<>();
  private final Map<String, Integer> previousLead = new HashMap<>();
  private long peakChecked;
  private long peakInBox;
  private long leadingKept;
  private long leadingCompared;

  /**
   * @param truth the demo video's ground truth, or null (a recording: no peak check)
   */
  public ExplanationTally(GroundTruth truth) {
    this.truth = truth;
  }

  public void add(Explanation x) {
    if (x.getSkipped()) {
      return;
    }
    x.getTimingsMs()
        .forEach(
            (k, v) -> {
              double[] sumCount = stages.computeIfAbsent(k.toString(), s -> new double[2]);
              sumCount[0] += v.doubleValue();
              sumCount[1]++;
            });
    if (truth != null && x.getSequence() < truth.frames().size()) {
      GroundTruth.Box b = truth.frames().get((int) x.getSequence()).box();
      peakChecked++;
      if (SaliencyPeak.of(x, truth.width(), truth.height()).inside(b.x(), b.y(), b.w(), b.h())) {
        peakInBox++;
      }
    }
    String camera = x.getCameraId();
    for (Component c : x.getComponents()) {
      if (c.getId() >= 0) {
        ids.computeIfAbsent(camera, k -> new BitSet()).set(c.getId());
      } else {
        negativeIds.add(camera + "/" + c.getId());
      }
    }
    Integer lead =
        x.getComponents().stream()
            .max(Comparator.comparingDouble(Component::getEnergy))
            .map(Component::getId)
            .orElse(null);
    Integer previous = previousLead.get(camera);
    if (previous != null && lead != null && !x.getReset()) {
      leadingCompared++;
      leadingKept += lead.equals(previous) ? 1 : 0;
    }
    previousLead.put(camera, lead);
  }

  /** Mean ms per stage named in the explanations' timings, in the order first seen. */
  public Map<String, Double> stageMeansMs() {
    Map<String, Double> out = new LinkedHashMap<>();
    stages.forEach((k, v) -> out.put(k, v[0] / v[1]));
    return out;
  }

  public long peakChecked() {
    return peakChecked;
  }

  public long peakInBox() {
    return peakInBox;
  }

  /** Distinct component ids over all cameras (an id counts once per camera). */
  public long distinctIds() {
    return ids.values().stream().mapToLong(BitSet::cardinality).sum() + negativeIds.size();
  }

  public long leadingKept() {
    return leadingKept;
  }

  public long leadingCompared() {
    return leadingCompared;
  }
}
