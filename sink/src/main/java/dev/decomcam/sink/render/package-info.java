/**
 * Draws an explanation on its frame: the saliency heatmap in a perceptual colormap blended into the
 * region the model saw, outlines and ids of the strongest components, and a header with the
 * prediction. Draws in planar YUV 4:2:0, as JPEG frames decode and overlays encode, with Java2D
 * only for text: no Kafka, Avro I/O or files beyond the generated record classes.
 */
package dev.decomcam.sink.render;
