/** Kafka settings shared by the Kafka Streams applications (explain-processor and sink). */
package dev.decomcam.common.kafka;
