package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.decom.StreamingStateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a camera's stored streaming state; an unreadable entry (e.g. an older codec) means a cold start. */
final class CameraStates {
  private static final Logger LOG = LoggerFactory.getLogger(CameraStates.class);

  private CameraStates() {}

  static StreamingState decodeOrNull(String camera, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return StreamingStateCodec.decode(bytes);
    } catch (RuntimeException e) {
      LOG.warn("camera {}: stored components unreadable ({}); starting cold", camera, e.getMessage());
      return null;
    }
  }
}
