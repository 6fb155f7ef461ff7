package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.SaliencyMethods;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.engine.EngineKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one benchmark run covers: model specs, videos (each run on its own), an optional hard-cut
 * pair (the first {@code cutFrames} frames of each, joined), frames per video, the engine (null: as
 * each spec says), native threads (0: engine default), the streaming configuration measured, the
 * explained class ({@code sticky} k: kept while in the top k, see {@link
 * dev.decomcam.processor.explain.TargetChooser}; 1: top-1), the SVD microbenchmark's matrix size
 * (rows 0: skipped) and repeats, the output folder, and another per-frame method timed beside full
 * Decom-CAM ({@code extraMethod}, a {@link SaliencyMethods} name other than decomcam; null for
 * none).
 */
public record BenchOptions(
    List<Path> models,
    List<Path> videos,
    List<Path> hardCut,
    int frames,
    int cutFrames,
    EngineKind engine,
    int threads,
    StreamingConfig streaming,
    int sticky,
    int svdRows,
    int svdCols,
    int svdRepeats,
    Path out,
    String extraMethod) {

  public BenchOptions {
    models = List.copyOf(models);
    videos = List.copyOf(videos);
    hardCut = List.copyOf(hardCut);
    Objects.requireNonNull(
        streaming, "bench: streaming config missing: use StreamingConfig.defaults()");
    Objects.requireNonNull(out, "bench: output folder missing");
    if (extraMethod != null
        && (extraMethod.equals(SaliencyMethods.DECOMCAM)
            || !SaliencyMethods.NAMES.contains(extraMethod))) {
      throw new IllegalArgumentException(
          "bench: extra method '"
              + extraMethod
              + "' is not a per-frame method besides decomcam: use gradcam, gradcampp or scorecam");
    }
    if (!hardCut.isEmpty() && hardCut.size() != 2) {
      throw new IllegalArgumentException(
          "bench: a hard cut joins exactly two videos, got " + hardCut.size());
    }
    if (frames < 1 || cutFrames < 1) {
      throw new IllegalArgumentException(
          "bench: frames per video and per side of the cut must be >= 1, got "
              + frames
              + " and "
              + cutFrames);
    }
  }
}
