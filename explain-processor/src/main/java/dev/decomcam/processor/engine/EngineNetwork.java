package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The engine-specific half of a loaded model, like a DJL block: runs the network on a batch, reads
 * the head's weights and, where the engine has autograd, differentiates the head. One
 * implementation per engine ({@link TorchScriptModel}, {@link OnnxModel}); everything
 * engine-neutral (checks, batching, scoring, calibration) lives in the classes around it.
 */
interface EngineNetwork extends AutoCloseable {

  /** The manager every per-call scope hangs from (the model's). */
  NDManager manager();

  /**
   * Runs the network on {@code batch} ({@code [n,3,H,W]}); outputs attached to the batch's manager.
   */
  NetworkOutputs infer(NDArray batch);

  /** The head's linear weight and bias, for {@code gap-linear} heads. */
  GapLinearHead readHead(int classes, int channels);

  /**
   * dlogit_target/dfeatures of the first item of {@code features}, for a {@code general} head
   * (autograd).
   */
  float[] autogradGradient(NDArray features, int target);

  @Override
  void close();
}
