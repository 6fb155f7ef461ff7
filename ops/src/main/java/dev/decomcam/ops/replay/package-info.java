/**
 * Replay of a recorded stretch of one camera straight from Kafka: a time window, the camera's
 * partition found from its key, and readers that seek by timestamp on assigned partitions without a
 * consumer group, so live consumers are never disturbed.
 */
package dev.decomcam.ops.replay;
