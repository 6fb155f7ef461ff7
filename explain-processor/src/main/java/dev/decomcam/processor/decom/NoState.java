package dev.decomcam.processor.decom;

import java.util.List;

/** The state of a method that explains each frame on its own: it remembers nothing. */
public enum NoState implements CameraState {
  INSTANCE;

  @Override
  public int targetClass() {
    return -1;
  }

  @Override
  public long lastSeenMs() {
    return 0;
  }

  @Override
  public List<Integer> componentIds() {
    return List.of();
  }
}
