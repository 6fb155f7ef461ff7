/**
 * The one JPEG codec of the product: ingest encodes frames with it, the explain-processor and the
 * sink decode them with it, and the sink encodes overlays. JPEG runs on FFmpeg's MJPEG codec, other
 * image formats on ImageIO; every decode is checked against a {@link
 * dev.decomcam.common.image.PixelLimit} from the image's header first.
 */
package dev.decomcam.common.image;
