package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import dev.decomcam.ingest.DecodedFrame;
import dev.decomcam.ingest.VideoSource;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.topology.ProcessorConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code ./decomcam explain}: offline explanations of an image, a folder of images or a video,
 * without Kafka. Same explainer as the stream processor.
 */
final class ExplainCommand implements Command {
  private static final List<String> IMAGE_TYPES = List.of(".jpg", ".jpeg", ".png", ".bmp");

  @Override
  public String name() {
    return "explain";
  }

  @Override
  public String summary() {
    return "explain images, a folder or a video offline (.npy maps, .json, overlay .jpg)";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam explain --model SPEC --input IMAGE|DIR|VIDEO --out DIR [--key value ...]

    Writes per image or video frame NAME (video frames: VIDEO-000123):
      NAME.saliency.npy     float32 saliency map at the model's input resolution, in [0,1]
      NAME.components.npy   n x h x w float32 OSSMs (Decom-CAM components) before clamping
      NAME.json             predicted and target class, component weights/scores, timings
      NAME.overlay.jpg      the frame with heatmap, strongest components and label
    --mode streaming explains a video's frames as one stream (components tracked and reused);
    full explains every image on its own. --method gradcam, gradcampp and scorecam explain every
    image on its own in either mode (they have no components).

    """
        + settings().toHelp()
        + """

        example: ./decomcam explain --model models/mobilenetv2-imagenet.spec.json \\
                   --input ../shared/media/photos/eagle.jpg --out out/eagle\
        """;
  }

  @Override
  public ConfigDef settings() {
    ConfigDef processor = ProcessorConfig.DEF;
    return new ConfigDef(null)
        .define(
            Setting.required(
                "model",
                "pass --model SPEC (see ./decomcam explain --help)",
                "model spec to explain"))
        .define(
            Setting.required(
                "input",
                "pass --input IMAGE|DIR|VIDEO (see ./decomcam explain --help)",
                "an image, a folder of images or a video"))
        .define(
            Setting.required(
                "out", "pass --out DIR (see ./decomcam explain --help)", "output folder"))
        .define(processor.setting(ProcessorConfig.METHOD))
        // each image on its own (the published algorithm) unless asked to treat the inputs as one
        // stream
        .define(
            Setting.choice(
                ProcessorConfig.MODE,
                "full",
                "full: every image on its own; streaming: a video's " + "frames as one stream",
                "full",
                "streaming"))
        .define(
            Setting.parsed(
                "resize",
                null,
                "as in the spec",
                ResizeMode.choices(),
                (key, v) -> v,
                "how images are fitted to the model's input (none feeds them as they are),"
                    + " overriding the spec's"))
        .define(
            Setting.parsed(
                "engine",
                null,
                "as in the spec",
                EngineKind.choices(),
                (key, v) -> v,
                "inference engine, overriding the spec's"))
        .define(processor.setting(ProcessorConfig.TARGET))
        .define(Setting.integer("every", 1, 1, 1 << 20, "explain every Nth frame of a video"))
        .define(
            Setting.integer(
                "max-frames",
                0,
                0,
                Integer.MAX_VALUE,
                "stop a video after N explanations; 0 = all"))
        .define(processor.setting(ProcessorConfig.NATIVE_THREADS).as("threads"))
        .define(processor.setting(ProcessorConfig.COMPONENTS).as("components"))
        .define(processor.setting(ProcessorConfig.TOP_K).as("topk"));
  }

  /** Explain reads no config file: its flags are all it takes. */
  @Override
  public List<String> extraFlags() {
    return List.of();
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> o = flags.options();
    Path input = Path.of(require(o, "input"));
    Path out = Path.of(require(o, "out"));
    if (!Files.exists(input)) {
      throw new UserError(
          "input not found: " + input + ": pass an image, a folder of images or a video file");
    }
    require(o, "model");
    ConfigDef.Values s = settings().parse(Settings.merge(null, null, Map.of(), o));
    ProcessorConfig c = processorConfig(s);
    int every = s.integer("every");
    int maxFrames = s.integer("max-frames");
    ExplanationFiles files = new ExplanationFiles(out);
    String method = c.method();
    try (ExplainableModel model = ModelLoader.load(c.modelSpec(), c.engineOptions())) {
      SingleStream<?> explainer =
          SingleStream.of(new FrameExplainer<>(model, c.newMethod(), c.target()));
      int n = 0;
      for (Path image : images(input)) {
        BufferedImage img = readImage(image);
        n += explainOne(explainer, files, stem(image), image.toString(), img, method);
      }
      if (!Files.isDirectory(input) && !isImage(input)) {
        n += explainVideo(explainer, files, input, every, maxFrames, method);
      }
      System.out.printf("explain: %d explanation(s) written to %s%n", n, out);
    }
    return 0;
  }

  /**
   * The processor's settings for the model flags of {@code explain} (and {@code replay --model}):
   * model, method, mode, resize, engine, target, threads, components, topk; flags not given keep
   * the processor's defaults.
   */
  static ProcessorConfig processorConfig(ConfigDef.Values s) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(ProcessorConfig.MODEL_SPEC, s.string("model"));
    p.put(ProcessorConfig.METHOD, s.string(ProcessorConfig.METHOD));
    p.put(ProcessorConfig.MODE, s.string(ProcessorConfig.MODE));
    copy(s, "resize", p, ProcessorConfig.MODEL_RESIZE);
    copy(s, "engine", p, ProcessorConfig.MODEL_ENGINE);
    copy(s, ProcessorConfig.TARGET, p, ProcessorConfig.TARGET);
    copy(s, "threads", p, ProcessorConfig.NATIVE_THREADS);
    copy(s, "components", p, ProcessorConfig.COMPONENTS);
    copy(s, "topk", p, ProcessorConfig.TOP_K);
    return ProcessorConfig.load(null, Map.of(), p);
  }

  private static int explainOne(
      SingleStream<?> explainer,
      ExplanationFiles files,
      String name,
      String source,
      BufferedImage img,
      String method)
      throws IOException {
    ExplainedFrame<?> e = explainer.next(img);
    files.write(name, source, img, e, explainer.model().spec(), method);
    int top = e.forward().top1();
    System.out.printf(
        Locale.ROOT,
        "%s: %s (%.3f), target %s, %.1f ms%n",
        name,
        explainer.model().spec().labels().get(top),
        e.forward().probability(top),
        explainer.model().spec().labels().get(e.forward().target()),
        e.timingsMs().getOrDefault("explain", 0.0));
    return 1;
  }

  private static int explainVideo(
      SingleStream<?> explainer,
      ExplanationFiles files,
      Path video,
      int every,
      int maxFrames,
      String method)
      throws IOException {
    int n = 0;
    try (VideoSource source = VideoSource.open(video.toString(), Duration.ofSeconds(10))) {
      for (DecodedFrame f = source.next(); f != null; f = source.next()) {
        if (f.index() % every != 0) {
          continue;
        }
        n +=
            explainOne(
                explainer,
                files,
                String.format(Locale.ROOT, "%s-%06d", stem(video), f.index()),
                video + "#" + f.index(),
                f.image(),
                method);
        if (maxFrames > 0 && n >= maxFrames) {
          break;
        }
      }
    }
    return n;
  }

  private static List<Path> images(Path input) throws IOException {
    if (Files.isDirectory(input)) {
      try (Stream<Path> s = Files.list(input)) {
        List<Path> images = new ArrayList<>(s.filter(ExplainCommand::isImage).sorted().toList());
        if (images.isEmpty()) {
          throw new UserError(
              "no images (" + String.join(", ", IMAGE_TYPES) + ") in folder " + input);
        }
        return images;
      }
    }
    return isImage(input) ? List.of(input) : List.of();
  }

  private static BufferedImage readImage(Path image) {
    try {
      BufferedImage img = ImageIO.read(image.toFile());
      if (img == null) {
        throw new UserError("not a readable image: " + image + ": give a JPEG, PNG or BMP file");
      }
      return img;
    } catch (IOException e) {
      throw new UserError("cannot read image " + image + ": " + e.getMessage());
    }
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return IMAGE_TYPES.stream().anyMatch(n::endsWith);
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static String require(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isBlank() || v.equals("true")) {
      throw new UserError("--" + key + " is required: see ./decomcam explain --help");
    }
    return v;
  }

  /**
   * Hands a flag given by the user on to the processor's key; an absent one keeps the processor's
   * default.
   */
  private static void copy(ConfigDef.Values from, String key, Map<String, String> to, String as) {
    if (from.isSet(key)) {
      to.put(as, String.valueOf(from.asMap().get(key)));
    }
  }
}
