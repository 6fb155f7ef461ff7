/** A real single-node KRaft Kafka broker started inside the JVM, for the default run and tests. */
package dev.decomcam.ops.kafka;
