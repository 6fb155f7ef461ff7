/**
 * Draws an explanation on its frame: the saliency heatmap in a perceptual colormap blended into the
 * region the model saw, outlines and ids of the strongest components, and a header with the
 * prediction. Pure Java2D: no Kafka, Avro I/O or files beyond the generated record classes.
 */
package dev.decomcam.sink.render;
