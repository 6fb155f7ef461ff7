package dev.decomcam.processor.engine;

/**
 * User-facing overrides for loading a model: engine and resize mode (null = as the spec says),
 * native threads per model ({@code 0} = the {@code ai.djl.*.num_threads} system properties, else
 * the library default) and the device ({@code cpu}, {@code gpu}, {@code gpu1}, ...).
 */
public record EngineOptions(EngineKind engine, ResizeMode resize, int threads, String device) {

  public EngineOptions {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "engine threads must be >= 0 (0 = default), got " + threads);
    }
    device = device == null || device.isBlank() ? "cpu" : device.trim();
  }

  /** Everything as the spec says, default threads, CPU. */
  public static EngineOptions defaults() {
    return new EngineOptions(null, null, 0, "cpu");
  }

  public EngineOptions withEngine(EngineKind e) {
    return new EngineOptions(e, resize, threads, device);
  }

  public EngineOptions withResize(ResizeMode r) {
    return new EngineOptions(engine, r, threads, device);
  }

  public EngineOptions withThreads(int n) {
    return new EngineOptions(engine, resize, n, device);
  }

  public EngineOptions withDevice(String d) {
    return new EngineOptions(engine, resize, threads, d);
  }
}
