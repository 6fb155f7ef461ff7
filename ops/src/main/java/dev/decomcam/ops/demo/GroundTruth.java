package dev.decomcam.ops.demo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo video's sidecar: for every frame the target shape's class and bounding box, so
 * explanations can be scored against where the object really is.
 *
 * <p>JSON layout: {@code {"width":320,"height":240,"fps":25,"labels":[...],
 * "frames":[{"frame":0,"classIndex":2,"label":"triangle","box":{"x":..,"y":..,"w":..,"h":..}},...]}}.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second
 * @param labels class labels in class index order
 * @param frames one entry per frame, in frame order
 */
public record GroundTruth(int width, int height, int fps, List<String> labels, List<Frame> frames) {

  private static final Gson GSON = new GsonBuilder().create();

  /**
   * One frame's target.
   *
   * @param frame frame index from 0
   * @param classIndex index into the labels
   * @param label the class label
   * @param box the target's bounding box in frame pixels
   */
  public record Frame(int frame, int classIndex, String label, Box box) {}

  /** A bounding box in pixels: left, top, width, height. */
  public record Box(int x, int y, int w, int h) {}

  /** Writes the sidecar as JSON. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, GSON.toJson(this), StandardCharsets.UTF_8);
  }

  /** Reads a sidecar written by {@link #write}. */
  public static GroundTruth read(Path file) throws IOException {
    try {
      GroundTruth gt =
          GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), GroundTruth.class);
      if (gt == null || gt.frames() == null || gt.labels() == null) {
        throw new IllegalArgumentException(
            "ground truth "
                + file
                + ": fields 'labels' and 'frames' missing: "
                + "regenerate it with DemoVideo.generate");
      }
      return gt;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "ground truth "
              + file
              + ": not valid JSON ("
              + e.getMessage()
              + "): regenerate it with DemoVideo.generate",
          e);
    }
  }
}
