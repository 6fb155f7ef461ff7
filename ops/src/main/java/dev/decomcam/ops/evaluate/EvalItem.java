package dev.decomcam.ops.evaluate;

import dev.decomcam.processor.evaluate.Box;
import java.awt.image.BufferedImage;

/**
 * One labelled image or video frame.
 *
 * @param name the file name without its extension, or {@code VIDEO#frame}
 * @param label the true class index, or -1 when unknown
 * @param box the object's box in the image's own pixels (inclusive), or null
 * @param video a frame of a video (its map is compared with the previous frame's)
 * @param sceneCut a scene cut lies between this frame and the previous one (their pair is left out
 *     of temporal stability)
 */
public record EvalItem(
    String name, BufferedImage image, int label, Box box, boolean video, boolean sceneCut) {}
