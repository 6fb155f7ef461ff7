package dev.decomcam.processor.topology;

import dev.decomcam.processor.explain.FrameExplainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One {@link FrameExplainer} (and so one native model) per stream thread, created on first use by
 * that thread, whatever number of tasks the thread runs; all closed together at shutdown. Models
 * are not thread-safe and cost native memory, so neither sharing one nor one per task would do.
 */
public final class ModelPool implements Supplier<FrameExplainer<?>>, AutoCloseable {
  private final Supplier<FrameExplainer<?>> factory;
  private final ThreadLocal<FrameExplainer<?>> perThread = new ThreadLocal<>();
  private final List<FrameExplainer<?>> all = new ArrayList<>();

  public ModelPool(Supplier<FrameExplainer<?>> factory) {
    this.factory = factory;
  }

  @Override
  public FrameExplainer<?> get() {
    FrameExplainer<?> e = perThread.get();
    if (e == null) {
      e = factory.get();
      perThread.set(e);
      synchronized (all) {
        all.add(e);
      }
    }
    return e;
  }

  @Override
  public void close() {
    synchronized (all) {
      all.forEach(e -> e.model().close());
      all.clear();
    }
  }
}
