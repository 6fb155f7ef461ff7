/**
 * How the sink keeps a live camera's overlays current when it falls behind: it draws every frame,
 * as the exactly-once contract asks, but draws a late one smaller. Pure decisions on times and
 * sizes: no Kafka, Avro or I/O.
 */
package dev.decomcam.sink.live;
