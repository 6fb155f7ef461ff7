package dev.decomcam.ops.bench;

import dev.decomcam.ops.demo.DemoVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's default inputs, found from the repository root: the ImageNet MobileNetV2 spec
 * (when {@code ../shared/models} is there) and the bundled demo model; the shared videos ({@code
 * ../shared/media/video/*.mp4} and {@code vtest.avi}) plus a freshly generated demo video; the hard
 * cut joins the first two shared pans. What is missing is left out with a note.
 */
public final class BenchDefaults {
  private final Path root;
  private final Path shared;
  private final List<String> notes = new ArrayList<>();

  public BenchDefaults(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.shared = this.root.resolve("../shared").normalize();
  }

  /** Why parts were skipped, in words. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  public List<Path> models() {
    List<Path> out = new ArrayList<>();
    if (Files.isRegularFile(shared.resolve("models/mobilenetv2-imagenet/model.onnx"))) {
      out.add(root.resolve("models/mobilenetv2-imagenet.spec.json"));
    } else {
      notes.add(
          "skipped the ImageNet MobileNetV2: "
              + shared.resolve("models/mobilenetv2-imagenet")
              + " not found (check out the shared data next to the repository)");
    }
    out.add(root.resolve("models/demo-shapes/spec.json"));
    return out;
  }

  /**
   * The shared pans and vtest.avi (sorted), then the demo video generated into {@code out} with
   * {@code frames} frames.
   */
  public List<Path> videos(Path out, int frames) throws IOException {
    List<Path> videos = new ArrayList<>(sharedPans());
    Path vtest = shared.resolve("media/video/vtest.avi");
    if (Files.isRegularFile(vtest)) {
      videos.add(vtest);
    }
    if (videos.isEmpty()) {
      notes.add("skipped the shared videos: " + shared.resolve("media/video") + " not found");
    }
    Path demo = out.resolve("demo.mp4");
    DemoVideo.generate(demo, out.resolve("demo.json"), 7, frames);
    videos.add(demo);
    return videos;
  }

  /** The first two shared pans, to join with a hard cut; empty (with a note) when fewer exist. */
  public List<Path> hardCut() throws IOException {
    List<Path> pans = sharedPans();
    if (pans.size() < 2) {
      notes.add("skipped the hard-cut check: it joins two shared pans, found " + pans.size());
      return List.of();
    }
    return pans.subList(0, 2);
  }

  private List<Path> sharedPans() throws IOException {
    Path dir = shared.resolve("media/video");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".mp4")).sorted().toList();
    }
  }
}
