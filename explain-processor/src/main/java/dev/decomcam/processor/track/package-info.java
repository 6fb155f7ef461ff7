/**
 * Component tracking for streaming Decom-CAM, as pure functions over float arrays: matches one
 * frame's orthogonal sub-saliency maps to the previous frame's (optimal assignment on |cosine| with
 * hysteresis), fixes SVD sign flips, gives each component a stable id for as long as it lives and
 * reports its life as {@link dev.decomcam.processor.track.TrackEvent}s (appeared, persisted,
 * vanished, reset). Imports nothing from Kafka, Avro, DJL or I/O; the topology maps events onto the
 * Avro {@code ComponentEvent} and keeps the tracks in a state store.
 */
package dev.decomcam.processor.track;
