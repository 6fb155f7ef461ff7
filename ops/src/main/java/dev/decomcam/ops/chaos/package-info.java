/**
 * The crash test on a real cluster ({@code ./decomcam chaos}, {@code ops/chaos/run.sh}, {@code
 * ChaosIT}): three Kafka brokers, two explain-processors and the sink, each its own JVM; the
 * processors are killed with SIGKILL and restarted, one broker is killed and restarted, and the
 * committed output is checked for every frame explained and overlaid exactly once, in order, with
 * camera state that moved between processes resuming warm.
 */
package dev.decomcam.ops.chaos;
