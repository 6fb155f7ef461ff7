package dev.decomcam.processor.decom;

import java.util.List;

/**
 * What the stream around a saliency method reads from the state the method keeps for one camera
 * between frames: the class explained last (a sticky target keeps it), the camera's last-seen time
 * and the components alive (an idle camera is forgotten and they vanish). A method that explains
 * each frame on its own keeps {@link NoState}.
 */
public interface CameraState {

  /** The class explained on the camera's last frame, -1 when the state remembers none. */
  int targetClass();

  /** The caller's timestamp of the camera's last frame (ms), for idle expiry. */
  long lastSeenMs();

  /** Stable ids of the components alive after the camera's last frame. */
  List<Integer> componentIds();
}
