package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.ComponentTracker;
import dev.decomcam.processor.track.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a streaming camera remembers of its components' scores, so a component is re-scored only
 * when its turn comes: {@link #recall} finds each component's known scores (its own when it
 * persisted, else borrowed from the previous component it resembles most); {@link #settle} combines
 * them with this frame's measurements into the frame's scores and the components of the camera's
 * next state.
 */
final class ScoreMemory {

  private ScoreMemory() {}

  /**
   * What a component knows of its scores, in this frame's orientation: the score, when it was
   * measured and on which map, and the same for the opposite orientation (NaN, null: unknown).
   * {@code own} is false for a new component that borrows the score of the previous component its
   * map resembles most (an estimate until it is measured).
   */
  record KnownScore(
      boolean own,
      double score,
      long at,
      float[] map,
      double oppositeScore,
      long oppositeAt,
      float[] oppositeMap) {

    /** Whether this orientation was ever measured. */
    boolean known() {
      return map != null;
    }

    boolean hasOpposite() {
      return oppositeMap != null;
    }

    static KnownScore of(StreamingState.Component c, boolean own, boolean flipped) {
      // an estimate stands for both orientations: nothing was measured on either side
      if (!own || c.isEstimate()) {
        return new KnownScore(
            false, c.score(), c.scoredAtFrame(), c.scoredMap(), Double.NaN, 0, null);
      }
      return flipped
          ? new KnownScore(
              true,
              c.oppositeScore(),
              c.oppositeScoredAtFrame(),
              c.oppositeScoredMap(),
              c.score(),
              c.scoredAtFrame(),
              c.scoredMap())
          : new KnownScore(
              true,
              c.score(),
              c.scoredAtFrame(),
              c.scoredMap(),
              c.oppositeScore(),
              c.oppositeScoredAtFrame(),
              c.oppositeScoredMap());
    }
  }

  /**
   * This frame's scores, the components of the next state, and how many of them carry an estimate.
   */
  record Settled(double[] scores, List<StreamingState.Component> components, int estimated) {}

  /**
   * Each component's known scores: its own previous ones when it persisted (swapped when its
   * orientation changed, so a flip back to an orientation already measured costs nothing), else
   * those of the previous component its map resembles most; null when there is no previous
   * component at all. {@code previous} holds the previous frame's components.
   */
  static KnownScore[] recall(
      ComponentTracker.Matching m, float[][] maps, List<StreamingState.Component> previous) {
    int n = maps.length;
    KnownScore[] out = new KnownScore[n];
    for (int i = 0; i < n; i++) {
      if (m.persisted(i)) {
        out[i] = KnownScore.of(previous.get(m.previous()[i]), true, m.signChanged()[i]);
        continue;
      }
      double best = -1;
      for (StreamingState.Component p : previous) {
        double c = Math.abs(ComponentTracker.cosine(maps[i], p.track().map()));
        if (c > best) {
          best = c;
          out[i] = KnownScore.of(p, false, false);
        }
      }
    }
    return out;
  }

  /**
   * The frame's score of each component: measured now ({@code fresh[i]}, in order in {@code
   * measured}), else remembered; a component with nothing to remember (after a reset) takes the
   * lowest score measured now until its turn, as the mean would overrate it (full Decom-CAM weighs
   * weak components well below the strong ones), and a component re-oriented to a side never
   * measured keeps the other side's score, stored against the other side's map so its drift keeps
   * it high in the refresh queue.
   */
  static Settled settle(
      KnownScore[] known,
      boolean[] fresh,
      double[] measured,
      List<Track> tracks,
      float[][] maps,
      long frame) {
    int n = maps.length;
    double[] scores = new double[n];
    double estimate = measured.length == 0 ? 0 : Arrays.stream(measured).min().getAsDouble();
    int estimated = 0;
    List<StreamingState.Component> comps = new ArrayList<>(n);
    for (int i = 0, j = 0; i < n; i++) {
      KnownScore k = known[i];
      Track track = tracks.get(i);
      StreamingState.Component c;
      if (fresh[i]) {
        scores[i] = measured[j++];
        c =
            k == null || !k.hasOpposite()
                ? new StreamingState.Component(track, scores[i], frame, maps[i])
                : new StreamingState.Component(
                    track,
                    scores[i],
                    frame,
                    maps[i],
                    k.oppositeScore(),
                    k.oppositeAt(),
                    k.oppositeMap());
      } else if (k == null) {
        scores[i] = estimate;
        c = StreamingState.Component.estimated(track, estimate, frame);
      } else if (!k.known()) {
        scores[i] = k.oppositeScore();
        c = new StreamingState.Component(track, scores[i], k.oppositeAt(), k.oppositeMap());
      } else {
        scores[i] = k.score();
        c =
            k.hasOpposite()
                ? new StreamingState.Component(
                    track,
                    k.score(),
                    k.at(),
                    k.map(),
                    k.oppositeScore(),
                    k.oppositeAt(),
                    k.oppositeMap())
                : new StreamingState.Component(track, k.score(), k.at(), k.map());
      }
      estimated += c.isEstimate() ? 1 : 0;
      comps.add(c);
    }
    return new Settled(scores, comps, estimated);
  }
}
