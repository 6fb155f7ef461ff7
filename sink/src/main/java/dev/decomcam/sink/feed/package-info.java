/**
 * The committed overlays, read back from Kafka by one plain consumer and handed to listeners
 * (recorder, dashboard) that act outside Kafka's transactions.
 */
package dev.decomcam.sink.feed;
