package dev.decomcam.processor.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentTrackerTest {

  /** With orientation hysteresis (the default 1.0 always follows the per-frame sign rule). */
  private final ComponentTracker tracker =
      new ComponentTracker(TrackerConfig.defaults().withSignSwitchRatio(1.5));

  /**
   * n orthonormal maps of length len (Gram-Schmidt on random vectors), each with a clear positive
   * peak.
   */
  static float[][] orthogonalMaps(long seed, int n, int len) {
    return orthogonalMaps(seed, n, len, 6);
  }

  static float[][] orthogonalMaps(long seed, int n, int len, double peak) {
    Random r = new Random(seed);
    double[][] v = new double[n][len];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < len; p++) {
        v[i][p] = r.nextGaussian();
      }
      v[i][(i * 7) % len] +=
          peak; // a dominant positive peak, so the per-frame sign rule is decisive
      for (int j = 0; j < i; j++) {
        double d = 0;
        for (int p = 0; p < len; p++) {
          d += v[i][p] * v[j][p];
        }
        for (int p = 0; p < len; p++) {
          v[i][p] -= d * v[j][p];
        }
      }
      double norm = 0;
      for (double x : v[i]) {
        norm += x * x;
      }
      for (int p = 0; p < len; p++) {
        v[i][p] /= Math.sqrt(norm);
      }
    }
    float[][] out = new float[n][len];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < len; p++) {
        out[i][p] = (float) v[i][p];
      }
    }
    return out;
  }

  static float[] mix(float[] a, float[] b, double angle) {
    float[] out = new float[a.length];
    for (int p = 0; p < a.length; p++) {
      out[p] = (float) (Math.cos(angle) * a[p] + Math.sin(angle) * b[p]);
    }
    return out;
  }

  static float[] negate(float[] a) {
    float[] out = a.clone();
    for (int p = 0; p < out.length; p++) {
      out[p] = -out[p];
    }
    return out;
  }

  @Test
  void permutedAndSignFlippedComponentsKeepTheirIds() {
    float[][] maps = orthogonalMaps(1, 5, 49);
    // component 4's positive peak only slightly beats its negative one: a sign flip is ambiguous
    maps[4] = balancedPeaks(maps[4]);
    ComponentTracker.Matching first = tracker.reset(List.of(), maps, 0, "start");
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, first.ids());
    // next frame: ranks permuted, small drift, and the SVD flipped the sign of the balanced one
    int[] perm = {2, 0, 4, 1, 3};
    float[][] next = new float[5][];
    for (int i = 0; i < 5; i++) {
      next[i] = mix(maps[perm[i]], maps[(perm[i] + 1) % 5], 0.05);
    }
    next[2] = negate(next[2]);
    ComponentTracker.Matching m = tracker.match(first.tracks(), next, first.nextId());
    assertArrayEquals(new int[] {2, 0, 4, 1, 3}, m.ids());
    for (int i = 0; i < 5; i++) {
      assertTrue(m.persisted(i));
      assertTrue(m.similarity()[i] > 0.99, "similarity " + m.similarity()[i]);
      assertTrue(
          ComponentTracker.cosine(m.maps()[i], first.tracks().get(m.previous()[i]).map()) > 0.99,
          "orientation follows the previous frame");
      assertFalse(m.signChanged()[i]);
    }
    assertTrue(m.vanished().isEmpty());
    assertEquals(5, m.nextId());
    List<TrackEvent> ev =
        ComponentTracker.events(m, new double[] {.5, .2, .1, .1, .1}, new double[5]);
    assertEquals(5, ev.size());
    assertTrue(ev.stream().allMatch(e -> e.type() == TrackEvent.Type.PERSISTED));
    assertEquals(0.5, ev.get(0).energyShare());
  }

  /** A map whose positive peak only slightly beats its negative one. */
  static float[] balancedPeaks(float[] map) {
    float[] out = map.clone();
    int argmax = 0;
    for (int p = 0; p < out.length; p++) {
      if (out[p] > out[argmax]) {
        argmax = p;
      }
    }
    int other = (argmax + 1) % out.length;
    out[other] = -0.9f * out[argmax];
    return out;
  }

  static float[][] replace(float[][] maps, int i, float[] map) {
    float[][] out = maps.clone();
    out[i] = map;
    return out;
  }

  /**
   * {@code map} negated, then its largest value set to {@code ratio} times its most negative one.
   */
  static float[] flippedWithPeakRatio(float[] map, double ratio) {
    float[] out = negate(map);
    float min = 0;
    int argmax = 0;
    for (int p = 0; p < out.length; p++) {
      min = Math.min(min, out[p]);
      argmax = out[p] > out[argmax] ? p : argmax;
    }
    out[argmax] = (float) (-ratio * min);
    return out;
  }

  static float[] scaled(float[] a, double s) {
    float[] out = a.clone();
    for (int p = 0; p < out.length; p++) {
      out[p] *= (float) s;
    }
    return out;
  }

  @Test
  void weakComponentsHoldTheirOrientationThroughNearTiesStrongOnesFollowThePerFrameRule() {
    float[][] unit = orthogonalMaps(4, 2, 30, 0);
    // energy shares: strong 1 / (1 + 0.01), weak 0.01 / 1.01 < 3 %
    float[][] maps = {scaled(unit[0], 1), scaled(unit[1], 0.1)};
    ComponentTracker defaults = new ComponentTracker(TrackerConfig.defaults());
    ComponentTracker.Matching m = defaults.reset(List.of(), maps, 0, "start");
    m = defaults.match(m.tracks(), maps, m.nextId());
    // both flip to an orientation that wins by 1.5: decisive for signSwitchRatio 1, not for 2
    float[][] flipped = {flippedWithPeakRatio(maps[0], 1.5), flippedWithPeakRatio(maps[1], 1.5)};
    ComponentTracker.Matching r = defaults.match(m.tracks(), flipped, m.nextId());
    assertTrue(r.signChanged()[0], "the strong component follows the per-frame rule");
    assertTrue(r.maps()[0] == flipped[0]);
    assertFalse(r.signChanged()[1], "the weak component keeps its orientation");
    assertArrayEquals(negate(flipped[1]), r.maps()[1], 0f);
    // with the weak rule off, both follow the per-frame rule
    ComponentTracker off = new ComponentTracker(TrackerConfig.defaults().withWeakSignSwitch(0, 1));
    ComponentTracker.Matching o = off.match(m.tracks(), flipped, m.nextId());
    assertTrue(o.signChanged()[0]);
    assertTrue(o.signChanged()[1]);
  }

  @Test
  void aDecisiveSignChangeFollowsThePerFrameRuleAndIsFlagged() {
    float[][] maps = orthogonalMaps(2, 2, 30, 0);
    ComponentTracker.Matching m = tracker.reset(List.of(), maps, 0, "start");
    m = tracker.match(m.tracks(), maps, m.nextId());
    float[] opposite = negate(maps[0]);
    float min = 0;
    int argmax = 0;
    for (int p = 0; p < opposite.length; p++) {
      min = Math.min(min, opposite[p]);
      argmax = opposite[p] > opposite[argmax] ? p : argmax;
    }
    // the positive side now clearly dominates: the per-frame orientation wins
    opposite[argmax] = -2 * min;
    ComponentTracker.Matching r =
        tracker.match(m.tracks(), new float[][] {opposite, maps[1]}, m.nextId());
    assertEquals(0, r.ids()[0]);
    assertTrue(r.signChanged()[0]);
    assertTrue(r.maps()[0] == opposite, "kept the per-frame orientation");
    assertFalse(r.signChanged()[1]);
    assertEquals(
        "orientation changed",
        ComponentTracker.events(r, new double[2], new double[2]).get(0).reason());
  }

  @Test
  void aFadingComponentVanishesAndANewOneAppears() {
    float[][] maps = orthogonalMaps(3, 3, 49);
    Random noise = new Random(9);
    ComponentTracker.Matching m = tracker.reset(List.of(), maps, 0, "start");
    // component 2 fades into fresh noise: its frame-to-frame similarity drops below keep (0.4)
    int vanishedAt = -1;
    for (int f = 1; f <= 20 && vanishedAt < 0; f++) {
      double a = Math.max(0, 1 - f * 0.1);
      float[] fading = new float[49];
      for (int p = 0; p < 49; p++) {
        fading[p] = (float) (a * maps[2][p] + 0.1 * noise.nextGaussian());
      }
      m = tracker.match(m.tracks(), new float[][] {maps[0], maps[1], fading}, m.nextId());
      assertEquals(0, m.ids()[0]);
      assertEquals(1, m.ids()[1]);
      if (m.vanished().isEmpty()) {
        assertEquals(2, m.ids()[2]);
        assertTrue(m.similarity()[2] >= 0.4);
      } else {
        vanishedAt = f;
        assertEquals(2, m.vanished().get(0).id());
        assertFalse(m.persisted(2));
        assertEquals(3, m.ids()[2]);
        List<TrackEvent> ev = ComponentTracker.events(m, new double[3], new double[3]);
        assertEquals(TrackEvent.Type.APPEARED, ev.get(2).type());
        assertEquals(TrackEvent.Type.VANISHED, ev.get(3).type());
        assertEquals(2, ev.get(3).id());
        assertTrue(ev.get(3).similarity() < 0.4);
      }
    }
    assertTrue(vanishedAt > 1, "vanished at frame " + vanishedAt);
    // fewer components than tracks: the extra ones vanish
    ComponentTracker.Matching fewer =
        tracker.match(m.tracks(), new float[][] {maps[1]}, m.nextId());
    assertArrayEquals(new int[] {1}, fewer.ids());
    assertEquals(2, fewer.vanished().size());
  }

  @Test
  void aResetRetiresEveryIdAndHandsOutNewOnes() {
    float[][] maps = orthogonalMaps(5, 3, 20);
    ComponentTracker.Matching a = tracker.reset(List.of(), maps, 0, "start");
    ComponentTracker.Matching b = tracker.reset(a.tracks(), maps, a.nextId(), "scene cut");
    assertArrayEquals(new int[] {3, 4, 5}, b.ids());
    assertEquals(6, b.nextId());
    List<TrackEvent> ev = ComponentTracker.events(b, new double[3], new double[] {1, 0.5, 0});
    assertEquals(TrackEvent.Type.RESET, ev.get(0).type());
    assertEquals(-1, ev.get(0).id());
    assertEquals("scene cut", ev.get(0).reason());
    Set<Integer> vanished = new HashSet<>();
    List<Integer> appeared = new ArrayList<>();
    for (TrackEvent e : ev) {
      if (e.type() == TrackEvent.Type.VANISHED) {
        vanished.add(e.id());
      } else if (e.type() == TrackEvent.Type.APPEARED) {
        appeared.add(e.id());
      }
    }
    assertEquals(Set.of(0, 1, 2), vanished);
    assertEquals(List.of(3, 4, 5), appeared);
    assertEquals(7, ev.size());
  }

  @Test
  void hysteresisStopsFlappingAtTheThreshold() {
    float[][] basis = orthogonalMaps(6, 3, 49);
    // similarity to the previous frame alternates around 0.5 (between keep 0.4 and match 0.6)
    double[] sims = {0.45, 0.55, 0.45, 0.55, 0.45, 0.55, 0.45};
    ComponentTracker.Matching m = tracker.reset(List.of(), new float[][] {basis[0]}, 0, "start");
    // one clean frame establishes the track (age 2)
    m = tracker.match(m.tracks(), new float[][] {basis[0]}, m.nextId());
    int id = m.ids()[0];
    float[] prev = basis[0];
    double angle = 0;
    for (double s : sims) {
      angle += Math.acos(s);
      float[] cur = mix(basis[0], basis[1], angle);
      // keep the rotation in the plane but measured against the previous frame
      assertEquals(s, Math.abs(ComponentTracker.cosine(cur, prev)), 1e-3);
      m = tracker.match(m.tracks(), new float[][] {cur}, m.nextId());
      assertEquals(id, m.ids()[0], "established id kept at similarity " + s);
      prev = m.maps()[0];
    }
    // a newborn track needs 0.6: at 0.55 it does not link
    ComponentTracker.Matching young =
        tracker.reset(List.of(), new float[][] {basis[0]}, 0, "start");
    ComponentTracker.Matching next =
        tracker.match(
            young.tracks(),
            new float[][] {mix(basis[0], basis[1], Math.acos(0.55))},
            young.nextId());
    assertNotEquals(young.ids()[0], next.ids()[0]);
    ComponentTracker.Matching linked =
        tracker.match(
            young.tracks(),
            new float[][] {mix(basis[0], basis[1], Math.acos(0.65))},
            young.nextId());
    assertEquals(young.ids()[0], linked.ids()[0]);
  }

  @Test
  void assignmentIsOptimalNotGreedy() {
    float[][] b = orthogonalMaps(7, 3, 40);
    ComponentTracker.Matching m = tracker.reset(List.of(), new float[][] {b[0], b[1]}, 0, "start");
    m = tracker.match(m.tracks(), new float[][] {b[0], b[1]}, m.nextId());
    // current 0 resembles both (0.75 to track 0, 0.66 to track 1); current 1 only track 0 (0.7):
    // greedy would give track 0 to current 0 and leave current 1 new; the optimum pairs 0-1, 1-0
    float[] c0 = new float[40];
    float[] c1 = new float[40];
    for (int p = 0; p < 40; p++) {
      c0[p] = (float) (0.75 * b[0][p] + 0.66 * b[1][p]);
      c1[p] = (float) (0.7 * b[0][p] - 0.714 * b[2][p]);
    }
    ComponentTracker.Matching r = tracker.match(m.tracks(), new float[][] {c0, c1}, m.nextId());
    assertArrayEquals(new int[] {1, 0}, r.ids());
  }

  @Test
  void badInputFailsWithOneLine() {
    ComponentTracker.Matching m = tracker.reset(List.of(), orthogonalMaps(8, 2, 10), 0, "start");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tracker.match(m.tracks(), new float[][] {new float[12]}, m.nextId()));
    assertTrue(e.getMessage().contains("reset the tracker"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrackerConfig(0.4, 0.6, 1.5, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new TrackerConfig(0.6, 0.4, 0.5, 0, 1));
    // the default follows the per-frame rule: a flipped map keeps its id but is flagged, not
    // flipped back
    float[][] maps = orthogonalMaps(9, 2, 30, 0);
    ComponentTracker plain = new ComponentTracker(TrackerConfig.defaults());
    ComponentTracker.Matching a = plain.reset(List.of(), maps, 0, "start");
    float[] flipped = negate(maps[0]);
    ComponentTracker.Matching b =
        plain.match(a.tracks(), new float[][] {flipped, maps[1]}, a.nextId());
    assertEquals(0, b.ids()[0]);
    assertTrue(b.signChanged()[0]);
    assertTrue(b.maps()[0] == flipped);
    assertEquals(0.0, ComponentTracker.cosine(new float[3], new float[] {1, 2, 3}));
  }
}
