/**
 * The demo's synthetic world: shape classes, a scene painter shared by the training set and the
 * demo video, the deterministic data set and the demo video with its per-frame ground truth.
 *
 * <p>Everything here is drawn with Java2D from a seed, so the demo model and the demo video can be
 * regenerated bit for bit on any machine without downloading data.
 */
package dev.decomcam.ops.demo;
