/**
 * {@code ./decomcam evaluate}: labelled inputs (a folder per class, a CSV, a video with its
 * ground-truth sidecar, or the bundled shapes set), the run of every method over them with the
 * metrics of {@code dev.decomcam.processor.evaluate}, and the per-item CSV, {@code summary.json}
 * and HTML report.
 */
package dev.decomcam.ops.evaluate;
