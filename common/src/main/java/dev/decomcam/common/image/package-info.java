/**
 * The one JPEG codec of the product: ingest encodes frames with it, the explain-processor and the
 * sink decode them with it, and the sink encodes overlays.
 */
package dev.decomcam.common.image;
