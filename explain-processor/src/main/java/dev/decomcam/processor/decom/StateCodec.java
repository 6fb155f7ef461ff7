package dev.decomcam.processor.decom;

/**
 * Turns a method's camera state into bytes for a key-value store and back. {@link #decode} throws
 * {@link IllegalArgumentException} on bytes it cannot read (then the camera starts cold).
 */
public interface StateCodec<S extends CameraState> {

  byte[] encode(S state);

  S decode(byte[] bytes);
}
