/**
 * A minimal reader and writer for NumPy {@code .npy} files (format version 1.0 when writing; 1.0,
 * 2.0 and 3.0 when reading), little-endian {@code float32}, {@code float64}, {@code int32} and
 * {@code int64} in C order. Enough to exchange activations, maps and reference outputs with Python
 * tooling without a NumPy dependency on the JVM.
 */
package dev.decomcam.processor.npy;
