package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * What {@link StreamingDecomCam} remembers about one camera between frames, so the next frame can
 * warm-start, track and reuse scores: the frame counter and last-seen time (the caller expires idle
 * cameras), the target class, the feature shape, the sticky channel set (ascending indices), the
 * Ritz basis of the last decomposition (K×b, rows in channel-set order), the scene signature for
 * cut detection, the next free component id and the live components with their signed maps, ages,
 * scores and when (and on which map) each was last scored, per orientation.
 *
 * <p>A camera that has seen no frame yet has the {@link #cold()} state (no frames, no components).
 *
 * <p>Immutable by contract: arrays are not copied, so treat them as read-only. Serialised by {@link
 * StreamingStateCodec} for a key-value store keyed by camera id.
 */
public final class StreamingState implements CameraState {

  /**
   * A live component: its track (stable id, signed map at feature resolution, age), its score (a
   * logit, or a gain in GAIN mode), the frame number it was last scored on and the map it had then
   * (to measure how far it drifted since); and the same for the opposite orientation ({@code
   * oppositeScore} NaN and {@code oppositeScoredMap} null while never measured), so a component
   * whose sign flips back and forth, as Decom-CAM's "largest |value| positive" rule does on
   * near-ties, is re-scored once per orientation rather than on every flip.
   */
  public record Component(
      Track track,
      double score,
      long scoredAtFrame,
      float[] scoredMap,
      double oppositeScore,
      long oppositeScoredAtFrame,
      float[] oppositeScoredMap) {
    public Component {
      Objects.requireNonNull(track, "component track must not be null");
      if (scoredMap.length != track.map().length) {
        throw new IllegalArgumentException(
            "component "
                + track.id()
                + ": scored map has "
                + scoredMap.length
                + " values, map has "
                + track.map().length);
      }
      if (Double.isNaN(oppositeScore) != (oppositeScoredMap == null)
          || oppositeScoredMap != null && oppositeScoredMap.length != track.map().length) {
        throw new IllegalArgumentException(
            "component "
                + track.id()
                + ": opposite-orientation score and map must "
                + "both be present (map of "
                + track.map().length
                + " values) or both absent (NaN, null)");
      }
    }

    /** A component whose opposite orientation was never scored. */
    public Component(Track track, double score, long scoredAtFrame, float[] scoredMap) {
      this(track, score, scoredAtFrame, scoredMap, Double.NaN, 0, null);
    }

    /**
     * A component whose score is an estimate, nothing measured yet (after a reset only the
     * strongest components are scored at once): its scored map is all zeros, so its drift is
     * maximal and it leads the refresh queue.
     */
    public static Component estimated(Track track, double score, long atFrame) {
      return new Component(track, score, atFrame, new float[track.map().length]);
    }

    /** Whether the opposite orientation has a score. */
    public boolean hasOpposite() {
      return oppositeScoredMap != null;
    }

    /**
     * Whether {@link #score} is an estimate: nothing was measured for this component (zero scored
     * map).
     */
    public boolean isEstimate() {
      for (float v : scoredMap) {
        if (v != 0f) {
          return false;
        }
      }
      return true;
    }
  }

  private final long frames;
  private final long lastSeenMs;
  private final int targetClass;
  private final int featureChannels;
  private final int featureHeight;
  private final int featureWidth;
  private final int[] channels;
  private final DMatrixRMaj basis;
  private final float[] scene;
  private final int nextId;
  private final List<Component> components;

  public StreamingState(
      long frames,
      long lastSeenMs,
      int targetClass,
      int featureChannels,
      int featureHeight,
      int featureWidth,
      int[] channels,
      DMatrixRMaj basis,
      float[] scene,
      int nextId,
      List<Component> components) {
    if (frames < 0 || featureChannels < 0 || featureHeight < 0 || featureWidth < 0 || nextId < 0) {
      throw new IllegalArgumentException(
          "streaming state: counts and shape must be >= 0, got frames="
              + frames
              + " shape="
              + featureChannels
              + "x"
              + featureHeight
              + "x"
              + featureWidth
              + " nextId="
              + nextId);
    }
    this.channels = Objects.requireNonNull(channels, "streaming state: channels missing");
    this.basis = Objects.requireNonNull(basis, "streaming state: basis missing");
    this.scene = Objects.requireNonNull(scene, "streaming state: scene signature missing");
    if (basis.numRows != channels.length && basis.numCols > 0) {
      throw new IllegalArgumentException(
          "streaming state: basis has "
              + basis.numRows
              + " rows for "
              + channels.length
              + " channels");
    }
    int positions = featureHeight * featureWidth;
    for (Component c : components) {
      if (c.track().map().length != positions) {
        throw new IllegalArgumentException(
            "streaming state: component "
                + c.track().id()
                + " map has "
                + c.track().map().length
                + " values for "
                + featureHeight
                + "x"
                + featureWidth
                + " positions");
      }
    }
    this.frames = frames;
    this.lastSeenMs = lastSeenMs;
    this.targetClass = targetClass;
    this.featureChannels = featureChannels;
    this.featureHeight = featureHeight;
    this.featureWidth = featureWidth;
    this.nextId = nextId;
    this.components = List.copyOf(components);
  }

  /** The state of a camera before its first frame: no frames, no target class, no components. */
  public static StreamingState cold() {
    return new StreamingState(
        0, 0, -1, 0, 0, 0, new int[0], new DMatrixRMaj(0, 0), new float[0], 0, List.of());
  }

  /** Whether the camera has seen no frame yet ({@link #cold()}). */
  public boolean isCold() {
    return frames == 0;
  }

  /** Frames processed so far on this camera. */
  public long frames() {
    return frames;
  }

  /** Caller's timestamp of the last frame, e.g. capture time in ms; for idle expiry. */
  @Override
  public long lastSeenMs() {
    return lastSeenMs;
  }

  @Override
  public int targetClass() {
    return targetClass;
  }

  public int featureChannels() {
    return featureChannels;
  }

  public int featureHeight() {
    return featureHeight;
  }

  public int featureWidth() {
    return featureWidth;
  }

  /** The sticky channel set, ascending channel indices; the basis rows follow this order. */
  public int[] channels() {
    return channels;
  }

  /** K×b Ritz basis of the last decomposition, to warm-start the next one. */
  public DMatrixRMaj basis() {
    return basis;
  }

  /** Centred, projected activations of the last frame (scene-cut detection). */
  public float[] scene() {
    return scene;
  }

  public int nextId() {
    return nextId;
  }

  /** Live components in the last frame's rank order. */
  public List<Component> components() {
    return components;
  }

  @Override
  public List<Integer> componentIds() {
    List<Integer> ids = new ArrayList<>(components.size());
    for (Component c : components) {
      ids.add(c.track().id());
    }
    return ids;
  }

  /** The tracks of {@link #components()}, in order. */
  public List<Track> tracks() {
    List<Track> out = new ArrayList<>(components.size());
    for (Component c : components) {
      out.add(c.track());
    }
    return out;
  }

  /** Whether {@code f} has the feature shape this state was built from. */
  public boolean sameShape(FeatureMaps f) {
    return f.channels() == featureChannels
        && f.height() == featureHeight
        && f.width() == featureWidth;
  }
}
