package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.GramSvd;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.SaliencyMethods;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.explain.TargetChooser;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the whole benchmark: per model, each video through {@link VideoBench} (and the hard-cut
 * sequence when given), then the {@link SvdMicrobench}. Full and streaming Decom-CAM share the
 * Decom-CAM parameters of {@link BenchOptions#streaming()}, so their maps are comparable. Full
 * Decom-CAM runs its fastest exact path, the Gram-matrix SVD ({@link GramSvd}, which streaming's
 * solver also uses at these sizes), and keeps the exact blur; what streaming's downsampled blur
 * changes is reported apart ({@link BlurFidelity}). Another per-frame method ({@link
 * BenchOptions#extraMethod()}, e.g. Score-CAM) is timed beside them when asked.
 *
 * <pre>{@code
 * BenchReport r = Bench.run(options, List.of(), System.out);
 * r.print(System.out);
 * r.write(options.out());
 * }</pre>
 */
public final class Bench {
  private static final int WARM_UP = 3;

  /** Frames per batch in the frame-batching measurement: the processor's auto batch size. */
  private static final int FRAME_BATCH = 4;

  private Bench() {}

  /**
   * Runs everything {@code options} name; {@code notes} (e.g. skipped parts) go into the report;
   * progress to {@code log}.
   */
  public static BenchReport run(
      BenchOptions options, List<String> notes, String command, PrintStream log) {
    List<ModelResult> models = new ArrayList<>();
    for (Path spec : options.models()) {
      models.add(runModel(spec, options, log));
    }
    SvdMicrobench.Result svd = null;
    if (options.svdRows() > 0) {
      log.printf(
          Locale.ROOT,
          "bench: svd microbenchmark %dx%d, top %d%n",
          options.svdRows(),
          options.svdCols(),
          options.streaming().decom().components());
      svd =
          new SvdMicrobench(
                  options.svdRows(),
                  options.svdCols(),
                  options.streaming().decom().components(),
                  options.svdRepeats())
              .run();
    }
    return new BenchReport(models, svd, notes, command);
  }

  static ModelResult runModel(Path spec, BenchOptions options, PrintStream log) {
    EngineOptions eo = EngineOptions.defaults().withThreads(options.threads());
    if (options.engine() != null) {
      eo = eo.withEngine(options.engine());
    }
    try (ExplainableModel model = ModelLoader.load(spec, eo)) {
      String engine = model.spec().engine().spelling();
      log.printf(Locale.ROOT, "bench: model %s on %s%n", model.spec().id(), engine);
      VideoBench bench =
          new VideoBench(
              model,
              new DecomCam(options.streaming().decom(), new GramSvd()),
              new StreamingDecomCam(options.streaming()),
              options.extraMethod() == null
                  ? null
                  : SaliencyMethods.perFrame(options.extraMethod(), options.streaming().decom()),
              TargetChooser.sticky(options.sticky()));
      List<VideoResult> videos = new ArrayList<>();
      boolean warm = false;
      for (Path video : options.videos()) {
        if (!warm) {
          warmUp(bench, video);
          warm = true;
        }
        try (FrameSequence seq = FrameSequence.of(video, options.frames())) {
          videos.add(bench.run(seq, log::println));
        }
      }
      VideoResult cut = null;
      if (!options.hardCut().isEmpty()) {
        try (FrameSequence seq =
            FrameSequence.hardCut(
                options.hardCut().get(0), options.hardCut().get(1), options.cutFrames())) {
          cut = bench.run(seq, log::println);
        }
      }
      FrameBatchBench.Result batch = null;
      if (!options.videos().isEmpty()) {
        List<ModelInput> four = new ArrayList<>();
        try (FrameSequence seq = FrameSequence.of(options.videos().get(0), FRAME_BATCH)) {
          for (BufferedImage img = seq.next(); img != null; img = seq.next()) {
            four.add(model.prepare(img).input());
          }
        }
        if (four.size() > 1) {
          batch = FrameBatchBench.run(model, four, 20);
        }
      }
      return new ModelResult(
          spec.toString(), model.spec().id(), engine, videos, cut, batch, options.extraMethod());
    }
  }

  private static void warmUp(VideoBench bench, Path video) {
    try (FrameSequence seq = FrameSequence.of(video, 1)) {
      BufferedImage first = seq.next();
      if (first != null) {
        bench.warmUp(first, WARM_UP);
      }
    }
  }
}
