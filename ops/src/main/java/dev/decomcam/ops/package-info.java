/**
 * Operations: the embedded broker, the {@code ./decomcam} command line, the demo, the demo model's
 * training, benchmarks and metrics. It sits on top of every module.
 *
 * <h2>Boundaries</h2>
 *
 * Checked by {@code ArchitectureTest} (ops tests, ArchUnit) on every build:
 *
 * <ul>
 *   <li>The modules meet only through {@code dev.decomcam.schemas} (the topics' Avro contracts) and
 *       {@code dev.decomcam.common} (configuration, service lifecycle, JPEG): {@code ingest},
 *       {@code processor} and {@code sink} never use each other's packages.
 *   <li>Nothing outside {@code dev.decomcam.ops} uses {@code dev.decomcam.ops}; {@code common} uses
 *       no other module.
 *   <li>{@code processor.decom} and {@code processor.track} are pure algorithm code: the JDK's
 *       language, collections and maths, in-memory byte streams, and EJML; no Kafka, DJL, Avro or
 *       schemas, JavaCV, files, network or ImageIO. The {@code engine} and {@code topology}
 *       packages adapt them.
 *   <li>Every JPEG is encoded and decoded by {@code dev.decomcam.common.image.JpegCodec}: no class
 *       of ingest, processor or sink uses {@code javax.imageio}.
 * </ul>
 */
package dev.decomcam.ops;
