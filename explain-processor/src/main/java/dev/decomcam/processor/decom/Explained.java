package dev.decomcam.processor.decom;

import java.util.Objects;

/**
 * One frame's saliency result and the camera's state after it, to pass to the method with the next
 * frame.
 */
public record Explained<S extends CameraState>(SaliencyResult result, S next) {

  public Explained {
    Objects.requireNonNull(result, "explained frame: result must not be null");
    Objects.requireNonNull(
        next, "explained frame: next state must not be null (stateless methods use NoState)");
  }
}
