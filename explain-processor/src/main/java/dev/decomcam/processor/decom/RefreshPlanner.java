package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.ComponentTracker;
import java.util.Arrays;

/**
 * Chooses which components of a streaming frame get a masked forward (a fresh score), within {@link
 * StreamingConfig}'s budget. On a reset, the strongest components until they hold {@code
 * resetCoverage} of Σσ (the combined map is Σ w_i·max(σ_i·u_i, 0), so the leading ones decide it);
 * the others get an estimate and lead the refresh queue. When the components that are new or
 * drifted hold at least {@code rescoreAllFraction} of the energy (the decomposition really
 * changed), the strongest of those in the same way. Otherwise up to this frame's share of {@code
 * refreshPerFrame} ({@link #budget}), by priority: 2 for a re-oriented component whose new side was
 * never measured (its score is the other side's, for the other half of its map), else the score's
 * age in round-robin cycles (components / budget frames) plus 1 for a new or estimated component or
 * min(1, drift / driftThreshold), drift being 1 − cos between its map now and the map that was
 * scored; ties go to the larger energy. So a new or drifted component jumps the queue like a score
 * one cycle old, and a noisy low-energy component that churns every frame can neither starve the
 * others nor push the cost above the budget.
 */
final class RefreshPlanner {

  /** Which components to score this frame ({@code measure[i]}), and how many for each cause. */
  record ScoringPlan(boolean[] measure, Tracking.Scoring scoring) {}

  private final StreamingConfig config;

  RefreshPlanner(StreamingConfig config) {
    this.config = config;
  }

  /**
   * @param maps this frame's components (signed, at feature resolution)
   * @param known each component's remembered scores ({@link ScoreMemory#recall}; null entries have
   *     nothing to borrow); ignored on a reset
   * @param energy explained-variance ratio per component
   * @param singular singular values, descending
   */
  ScoringPlan plan(
      float[][] maps,
      boolean reset,
      long frame,
      double[] energy,
      double[] singular,
      ScoreMemory.KnownScore[] known) {
    int n = maps.length;
    boolean[] need = new boolean[n];
    if (reset) {
      boolean[] all = new boolean[n];
      Arrays.fill(all, true);
      return new ScoringPlan(need, new Tracking.Scoring(leading(singular, all, need), 0, 0, 0));
    }
    double[] priority = new double[n];
    boolean[] changed = new boolean[n];
    int mandatory = 0;
    double changedEnergy = 0;
    double totalEnergy = 0;
    double cycle = config.refreshPerFrame() > 0 ? config.refreshPerFrame() / Math.max(n, 1) : 0;
    for (int i = 0; i < n; i++) {
      totalEnergy += energy[i];
      if (known[i] == null) {
        // nothing to borrow from (the previous frame had no components)
        need[i] = true;
        mandatory++;
        continue;
      }
      if (!known[i].known()) {
        // re-oriented to a side never measured: first in the queue, but within the budget (scoring
        // such flips at once costs masked forwards and leaves the fidelity to the full method as it
        // is)
        priority[i] = 2 + frame * cycle;
        continue;
      }
      double drift = 1 - ComponentTracker.cosine(maps[i], known[i].map());
      boolean own = known[i].own();
      changed[i] = !own || drift > config.driftThreshold();
      changedEnergy += changed[i] ? energy[i] : 0;
      double d =
          !own
              ? 1
              : config.driftThreshold() > 0
                  ? Math.min(1, drift / config.driftThreshold())
                  : (drift > 0 ? 1 : 0);
      priority[i] = d + (frame - known[i].at()) * cycle;
    }
    if (n > 0 && totalEnergy > 0 && changedEnergy >= config.rescoreAllFraction() * totalEnergy) {
      return new ScoringPlan(
          need, new Tracking.Scoring(mandatory, leading(singular, changed, need), 0, 0));
    }
    int budget = budget(frame);
    int refresh = 0;
    for (int count = mandatory; count < budget; count++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!need[i]
            && (best < 0
                || priority[i] > priority[best]
                || priority[i] == priority[best] && energy[i] > energy[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      need[best] = true;
      refresh++;
    }
    return new ScoringPlan(need, new Tracking.Scoring(mandatory, 0, refresh, 0));
  }

  /**
   * Marks {@code candidates} in {@code need}, strongest first (singular values come in descending
   * order), until the marked ones hold {@code resetCoverage} of the candidates' Σσ; candidates
   * already marked count towards it. Returns how many it marked (at least one when a candidate is
   * left and none holds any of Σσ yet).
   */
  int leading(double[] singular, boolean[] candidates, boolean[] need) {
    double total = 0;
    for (int i = 0; i < candidates.length; i++) {
      total += candidates[i] ? singular[i] : 0;
    }
    double goal = config.resetCoverage() * total;
    double covered = 0;
    int marked = 0;
    for (int i = 0; i < candidates.length; i++) {
      if (!candidates[i]) {
        continue;
      }
      if (!need[i] && (covered < goal || covered == 0 && marked == 0)) {
        need[i] = true;
        marked++;
      }
      if (need[i]) {
        covered += singular[i];
      }
    }
    return marked;
  }

  /**
   * Masked forwards frame {@code frame} may spend outside resets. {@code refreshPerFrame} r
   * accumulates over frames and is spent in rounds every {@code refreshEvery} P frames: on frames f
   * with f mod P = P − 1, floor((f + 1)·r) − floor((f + 1 − P)·r), else 0. Any r is met exactly on
   * average without a credit kept in the state, and a round's masked inputs share one blur of the
   * frame and one batched forward, which cost far less than P separate ones.
   */
  int budget(long frame) {
    double r = config.refreshPerFrame();
    int p = config.refreshEvery();
    if ((frame + 1) % p != 0) {
      return 0;
    }
    return (int) (Math.floor((frame + 1) * r) - Math.floor((frame + 1 - p) * r));
  }
}
