/**
 * Trains the bundled demo model on the synthetic shapes data set with DJL (PyTorch engine, CPU)
 * and exports it as TorchScript and ONNX with hand-written serialisers, because DJL cannot export
 * a block it built itself. {@link dev.decomcam.ops.train.TrainDemoModel} is the entry point.
 */
package dev.decomcam.ops.train;
