package dev.decomcam.ops.cli;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
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
        usage: ./decomcam demo-video [--out=out/demo-shapes.mp4] [--frames=250] [--seed=7]

        Writes a 320x240, 25 fps mpeg4 video of moving shapes (one target class per 2 s segment,
        with moving distractors on textured backgrounds) and OUT.groundtruth.json with the
        target's class and box for every frame.""";
  }

  @Override
  public int run(Flags flags) throws Exception {
    Settings s = ServiceRunner.settings("DECOMCAM_VIDEO_", flags);
    Path out = Path.of(s.string("out", "out/demo-shapes.mp4"));
    String name = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    Path truth = out.resolveSibling(name + ".groundtruth.json");
    int seed = s.intIn("seed", 7, 0, Integer.MAX_VALUE);
    int frames = s.intIn("frames", DemoVideo.FRAMES, 1, 1_000_000);
    s.rejectUnknown();
    GroundTruth gt = DemoVideo.generate(out, truth, seed, frames);
    System.out.printf("demo-video: %d frames %dx%d at %d fps -> %s, ground truth %s%n", gt.frames().size(), gt.width(),
        gt.height(), gt.fps(), out, truth);
    return 0;
  }
}
