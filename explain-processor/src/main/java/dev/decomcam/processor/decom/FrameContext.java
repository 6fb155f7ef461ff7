package dev.decomcam.processor.decom;

/**
 * What a saliency method knows of the frame besides its pixels and features: the class being
 * explained (a stateful method resets its memory when it changes) and the caller's timestamp in ms
 * (kept as the camera's last-seen time, for idle expiry).
 */
public record FrameContext(int targetClass, long timestampMs) {}
