/**
 * Trains the bundled demo model on the synthetic shapes data set with DJL (PyTorch engine, CPU) and
 * exports it itself, because DJL cannot export a block it built: TorchScript with a hand-written
 * serialiser, ONNX through the classes generated from explain-processor's {@code onnx.proto}.
 * {@link dev.decomcam.ops.train.TrainDemoModel} is the entry point.
 */
package dev.decomcam.ops.train;
