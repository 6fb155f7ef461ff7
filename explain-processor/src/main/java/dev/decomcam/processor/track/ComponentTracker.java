package dev.decomcam.processor.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Gives the components of consecutive frames stable ids. Per frame: the |cosine| between every
 * current map and every previous track's map; an optimal one-to-one assignment ({@link Hungarian})
 * over the pairs that pass the hysteresis thresholds of {@link TrackerConfig} (a track born last
 * frame needs {@code matchThreshold}, an established one {@code keepThreshold}); matched components
 * take the track's id and its orientation (the SVD sign flipped back where it flipped), unmatched
 * ones get fresh ids, unmatched tracks vanish. A {@link #reset} drops every track at once (scene
 * cut, target class change) so old ids never attach to a new scene.
 *
 * <pre>{@code
 * ComponentTracker tracker = new ComponentTracker(TrackerConfig.defaults());
 * ComponentTracker.Matching m = tracker.match(previousTracks, mapsInRankOrder, nextId);
 * int idOfRank0 = m.ids()[0];
 * List<TrackEvent> events = ComponentTracker.events(m, energies, weights);
 * // keep m.tracks() and m.nextId() for the next frame
 * }</pre>
 *
 * <p>Pure and stateless (the tracks travel with the caller's state), so thread-safe.
 */
public final class ComponentTracker {

  /**
   * How one frame's components (in rank order) relate to the previous frame's tracks.
   *
   * @param ids stable id per component
   * @param previous index into the previous tracks of the matched one, or -1 for a new component
   * @param similarity |cosine| to the matched previous map, 0 for a new component
   * @param signChanged whether a persisting component's orientation differs from the previous frame
   *     (the per-frame sign rule won decisively), so anything derived from its clamped map is stale
   * @param maps the maps with the orientation to use: the input array where unchanged, a negated
   *     copy where flipped
   * @param tracks the tracks to match the next frame against, in rank order
   * @param vanished previous tracks without a match this frame
   * @param vanishedSimilarity for each vanished track, its best |cosine| to any current map
   * @param nextId the id the next new component will get
   * @param resetReason why every track was dropped, or null when this frame was matched
   */
  public record Matching(
      int[] ids,
      int[] previous,
      double[] similarity,
      boolean[] signChanged,
      float[][] maps,
      List<Track> tracks,
      List<Track> vanished,
      double[] vanishedSimilarity,
      int nextId,
      String resetReason) {

    public boolean isReset() {
      return resetReason != null;
    }

    /** Whether component {@code i} kept an id from the previous frame. */
    public boolean persisted(int i) {
      return previous[i] >= 0;
    }
  }

  private final TrackerConfig config;

  public ComponentTracker(TrackerConfig config) {
    this.config = Objects.requireNonNull(config, "tracker config must not be null");
  }

  public TrackerConfig config() {
    return config;
  }

  /**
   * Matches {@code maps} (this frame's components in rank order, each signed by the per-frame rule,
   * all the same length) against {@code previous}. Neither is modified.
   */
  public Matching match(List<Track> previous, float[][] maps, int nextId) {
    int n = maps.length;
    int t = previous.size();
    double[][] cos = new double[n][t];
    double[][] gain = new double[n][t];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < t; j++) {
        Track tr = previous.get(j);
        if (tr.map().length != maps[i].length) {
          throw new IllegalArgumentException(
              "tracker: map of "
                  + maps[i].length
                  + " values vs track "
                  + tr.id()
                  + " of "
                  + tr.map().length
                  + ": reset the tracker when the feature shape changes");
        }
        cos[i][j] = cosine(maps[i], tr.map());
        double need = tr.age() >= 2 ? config.keepThreshold() : config.matchThreshold();
        double s = Math.abs(cos[i][j]);
        gain[i][j] = s >= need ? s : 0.0;
      }
    }
    int[] assigned = Hungarian.maximise(gain, t);
    double[] share = energyShares(maps);
    int[] ids = new int[n];
    int[] prev = new int[n];
    double[] sim = new double[n];
    boolean[] changed = new boolean[n];
    float[][] out = new float[n][];
    boolean[] taken = new boolean[t];
    List<Track> tracks = new ArrayList<>(n);
    int next = nextId;
    for (int i = 0; i < n; i++) {
      int j = assigned[i];
      if (j >= 0 && gain[i][j] > 0) {
        Track tr = previous.get(j);
        taken[j] = true;
        ids[i] = tr.id();
        prev[i] = j;
        sim[i] = Math.abs(cos[i][j]);
        out[i] = maps[i];
        if (cos[i][j] < 0) {
          if (keepsPerFrameSign(maps[i], share[i])) {
            changed[i] = true;
          } else {
            out[i] = negated(maps[i]);
          }
        }
        tracks.add(new Track(ids[i], out[i], tr.age() + 1));
      } else {
        ids[i] = next++;
        prev[i] = -1;
        out[i] = maps[i];
        tracks.add(new Track(ids[i], out[i], 1));
      }
    }
    List<Track> vanished = new ArrayList<>();
    List<Double> best = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      if (!taken[j]) {
        vanished.add(previous.get(j));
        double b = 0;
        for (int i = 0; i < n; i++) {
          b = Math.max(b, Math.abs(cos[i][j]));
        }
        best.add(b);
      }
    }
    return new Matching(
        ids,
        prev,
        sim,
        changed,
        out,
        List.copyOf(tracks),
        List.copyOf(vanished),
        best.stream().mapToDouble(Double::doubleValue).toArray(),
        next,
        null);
  }

  /**
   * Drops every previous track and gives each of {@code maps} a fresh id; {@code reason} says why.
   */
  public Matching reset(List<Track> previous, float[][] maps, int nextId, String reason) {
    Objects.requireNonNull(reason, "reset reason must not be null");
    int n = maps.length;
    int[] ids = new int[n];
    int[] prev = new int[n];
    List<Track> tracks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids[i] = nextId + i;
      prev[i] = -1;
      tracks.add(new Track(ids[i], maps[i], 1));
    }
    return new Matching(
        ids,
        prev,
        new double[n],
        new boolean[n],
        maps.clone(),
        List.copyOf(tracks),
        List.copyOf(previous),
        new double[previous.size()],
        nextId + n,
        reason);
  }

  /**
   * The frame's events: on a reset, RESET then VANISHED for every old track then APPEARED for every
   * component; otherwise APPEARED or PERSISTED per component in rank order, then VANISHED. {@code
   * energy} and {@code weight} are per component in rank order.
   */
  public static List<TrackEvent> events(Matching m, double[] energy, double[] weight) {
    int n = m.ids().length;
    if (energy.length != n || weight.length != n) {
      throw new IllegalArgumentException(
          "tracker events: "
              + n
              + " components but "
              + energy.length
              + " energies and "
              + weight.length
              + " weights");
    }
    List<TrackEvent> events = new ArrayList<>(n + m.vanished().size() + 1);
    if (m.isReset()) {
      events.add(TrackEvent.reset(m.resetReason()));
      for (Track tr : m.vanished()) {
        events.add(
            new TrackEvent(
                TrackEvent.Type.VANISHED, tr.id(), 0, 0, 0, "reset: " + m.resetReason()));
      }
    }
    for (int i = 0; i < n; i++) {
      if (m.persisted(i)) {
        events.add(
            new TrackEvent(
                TrackEvent.Type.PERSISTED,
                m.ids()[i],
                m.similarity()[i],
                energy[i],
                weight[i],
                m.signChanged()[i] ? "orientation changed" : ""));
      } else {
        events.add(
            new TrackEvent(
                TrackEvent.Type.APPEARED,
                m.ids()[i],
                0,
                energy[i],
                weight[i],
                m.isReset() ? "reset: " + m.resetReason() : "no previous component matched"));
      }
    }
    if (!m.isReset()) {
      for (int j = 0; j < m.vanished().size(); j++) {
        Track tr = m.vanished().get(j);
        events.add(
            new TrackEvent(
                TrackEvent.Type.VANISHED,
                tr.id(),
                m.vanishedSimilarity()[j],
                0,
                0,
                String.format(
                    Locale.ROOT, "best match %.2f below threshold", m.vanishedSimilarity()[j])));
      }
    }
    return events;
  }

  /** Cosine of two equal-length maps; 0 when either is all zeros. */
  public static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int p = 0; p < a.length; p++) {
      ab += (double) a[p] * b[p];
      aa += (double) a[p] * a[p];
      bb += (double) b[p] * b[p];
    }
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0.0;
  }

  /**
   * Whether the per-frame orientation (largest |value| positive) wins decisively over its opposite:
   * by {@code signSwitchRatio}, or {@code weakSignSwitchRatio} for a component holding less than
   * {@code weakEnergy} of this frame's components' energy.
   */
  private boolean keepsPerFrameSign(float[] map, double share) {
    float max = 0;
    float min = 0;
    for (float v : map) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    // a weak component never flips more readily than a strong one
    double ratio =
        share < config.weakEnergy()
            ? Math.max(config.weakSignSwitchRatio(), config.signSwitchRatio())
            : config.signSwitchRatio();
    return max >= ratio * -min;
  }

  /** Each map's share of Σ‖map‖² (maps are u_i·s_i, so of Σ s_i² over this frame's components). */
  private static double[] energyShares(float[][] maps) {
    double[] e = new double[maps.length];
    double total = 0;
    for (int i = 0; i < maps.length; i++) {
      for (float v : maps[i]) {
        e[i] += (double) v * v;
      }
      total += e[i];
    }
    for (int i = 0; i < e.length; i++) {
      e[i] = total > 0 ? e[i] / total : 0;
    }
    return e;
  }

  private static float[] negated(float[] a) {
    float[] out = new float[a.length];
    for (int p = 0; p < a.length; p++) {
      out[p] = -a[p];
    }
    return out;
  }
}
