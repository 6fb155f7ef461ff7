package dev.decomcam.processor.engine;

/** Channel order the model expects; {@code mean}/{@code std} in a spec are listed in this order. */
public enum ColorOrder {
  RGB,
  BGR
}
