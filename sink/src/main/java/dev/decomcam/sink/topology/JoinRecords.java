package dev.decomcam.sink.topology;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;

/**
 * Decodes the bytes of frames and explanations with the topics' serdes, for the join's checks and
 * the rendering. The join decodes each record it handles once and passes the decoded record on.
 */
final class JoinRecords {

  private final SinkTopology.Deps deps;

  JoinRecords(SinkTopology.Deps deps) {
    this.deps = deps;
  }

  /** Decodes a frame read from {@code topic} (null when not known). */
  Frame frame(String topic, byte[] bytes) {
    return deps.frames().valueSerde().deserializer().deserialize(topic, bytes);
  }

  /** Decodes an explanation read from {@code topic} (null when not known). */
  Explanation explanation(String topic, byte[] bytes) {
    return deps.explanations().valueSerde().deserializer().deserialize(topic, bytes);
  }

  /** Decodes a stored frame. */
  Frame frame(byte[] bytes) {
    return frame(deps.frames().name(), bytes);
  }

  /** Decodes a stored explanation. */
  Explanation explanation(byte[] bytes) {
    return explanation(deps.explanations().name(), bytes);
  }

  /**
   * Sequence numbers restart at 0 with every ingest run, so camera + sequence alone could pair a
   * late explanation of an earlier run with a new frame: the capture time, carried by both, tells.
   */
  static boolean sameRun(Explanation e, Frame f) {
    return e.getCaptureTimestampMs() == f.getCaptureTimestampMs();
  }
}
