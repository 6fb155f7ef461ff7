/**
 * {@code ./decomcam bench}: measures streaming Decom-CAM against per-frame Decom-CAM and a bare
 * forward pass on real videos, in one run, as ratios (so machine speed cancels out): per-frame
 * cost, fidelity and temporal stability of the maps, component id switches, the hard-cut behaviour
 * and a warm-started SVD microbenchmark. Library code; the command only wires flags.
 */
package dev.decomcam.ops.bench;
