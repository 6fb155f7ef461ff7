package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import java.nio.file.Path;

/** {@code ./decomcam demo-video}: write the demo video and its ground-truth sidecar. */
final class DemoVideoCommand implements Command {
  @Override
  public String name() {
    return "demo-video";
  }

  @Override
  public String summary() {
    return "generate the demo video (moving shapes) with per-frame ground-truth boxes";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam demo-video [--key=value ...]

    Writes a 320x240, 25 fps mpeg4 video of moving shapes (one target class per 2 s segment,
    with moving distractors on textured backgrounds) and OUT.groundtruth.json with the
    target's class and box for every frame.

    """
        + settings().toHelp();
  }

  @Override
  public ConfigDef settings() {
    return new ConfigDef("DECOMCAM_VIDEO_")
        .define(Setting.text("out", "out/demo-shapes.mp4", "the video to write"))
        .define(Setting.integer("frames", DemoVideo.FRAMES, 1, 1_000_000, "frames of the video"))
        .define(
            Setting.integer("seed", 7, 0, Integer.MAX_VALUE, "seed of the shapes and their paths"));
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = ServiceRunner.settings(settings(), flags);
    Path out = Path.of(s.string("out"));
    String name = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    Path truth = out.resolveSibling(name + ".groundtruth.json");
    int seed = s.integer("seed");
    int frames = s.integer("frames");
    GroundTruth gt = DemoVideo.generate(out, truth, seed, frames);
    System.out.printf(
        "demo-video: %d frames %dx%d at %d fps -> %s, ground truth %s%n",
        gt.frames().size(), gt.width(), gt.height(), gt.fps(), out, truth);
    return 0;
  }
}
