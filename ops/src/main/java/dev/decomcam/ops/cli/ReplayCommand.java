package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.ops.evaluate.ProgressBar;
import dev.decomcam.ops.replay.ExplanationTopic;
import dev.decomcam.ops.replay.ReplayWindow;
import dev.decomcam.ops.replay.WindowReader;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.record.ExplanationMapper;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.record.Mp4Recorder;
import dev.decomcam.sink.record.RecordingNames;
import dev.decomcam.sink.record.Segments;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@code ./decomcam replay}: one camera's frames of a stretch of capture time, read back from Kafka
 * (see {@link WindowReader}: assigned partitions, no consumer group, nothing committed, so live
 * consumers are untouched), either as an MP4 of their overlays or explained again with another
 * model, method or mode into a folder of the files {@code ./decomcam explain} writes, or with
 * {@code --to-topic} as {@code Explanation} records into a topic of their own ({@link
 * ExplanationTopic}).
 *
 * <p>The frames topic decides which frames are replayed: every frame of the camera captured in the
 * window, in the order of the topic. In the MP4 each frame is drawn by its overlay (same sequence)
 * from the overlays topic; a frame with no overlay (dead-lettered, or not yet rendered) is written
 * as captured, so the MP4 always has exactly the window's frames, and the count is reported.
 */
final class ReplayCommand implements Command {
  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "replay a camera's stretch of time from Kafka: an MP4 of its overlays, or re-explained";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam replay --camera ID --from TIME --to TIME [--out DIR] [--model SPEC ...]

    TIME: epoch milliseconds or ISO-8601 (2025-06-01T10:00:00Z; without an offset: local time).
    Replays the frames of camera ID captured from --from (inclusive) to --to (exclusive), read
    from Kafka by timestamp without joining a consumer group, so running services are untouched.
      without --model: OUT/<camera>-<time>.mp4 of the frames' overlays (a frame without one is
                       written as captured) and OUT/<camera>.index.json (frames, first/last
                       sequence and capture time)
      with --model:    OUT/<camera>-<sequence>.saliency.npy, .components.npy, .json and
                       .overlay.jpg per frame, as ./decomcam explain writes them
      with --model and --to-topic NAME: one Explanation record per frame (the explanations
                       topic's Avro, keyed by camera, in order) into topic NAME, created when
                       missing, instead of files
    A progress bar with rate and ETA goes to stderr.

    """
        + settings().toHelp()
        + """

        example: ./decomcam replay --camera street --from 2025-06-01T10:00:00Z \\
                   --to 2025-06-01T10:00:10Z --model models/demo-shapes/spec.json \\
                   --method gradcam --out out/incident\
        """;
  }

  @Override
  public ConfigDef settings() {
    ConfigDef explain = new ExplainCommand().settings();
    return new ConfigDef(null)
        .define(
            Setting.required(
                "camera", "pass --camera ID (see ./decomcam replay --help)", "camera to replay"))
        .define(
            Setting.required(
                "from",
                "pass --from TIME (see ./decomcam replay --help)",
                "start of the window: epoch ms or ISO-8601, inclusive"))
        .define(
            Setting.required(
                "to",
                "pass --to TIME (see ./decomcam replay --help)",
                "end of the window: epoch ms or ISO-8601, exclusive"))
        .define(
            Setting.id(
                "bootstrap.servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...]"))
        .define(Setting.topic("topic.frames", Topics.FRAMES.name(), "topic of the frames"))
        .define(Setting.topic("topic.overlays", Topics.OVERLAYS.name(), "topic of the overlays"))
        .define(Setting.text("out", "replay", "output folder"))
        .define(
            Setting.integer(
                "fps",
                0,
                0,
                240,
                "frame rate of the MP4; 0 = from the first frames' capture times"))
        .define(
            Setting.text(
                "model",
                null,
                "model spec: explain the window again with it instead of writing an MP4"))
        .define(
            Setting.text(
                "to-topic",
                null,
                "with --model: write Explanation records to this topic (created when missing)"
                    + " instead of files"))
        .define(explain.setting(ProcessorConfig.METHOD))
        .define(explain.setting(ProcessorConfig.MODE))
        .define(explain.setting("resize"))
        .define(explain.setting("engine"))
        .define(explain.setting(ProcessorConfig.TARGET))
        .define(explain.setting("threads"))
        .define(explain.setting("components"))
        .define(explain.setting("topk"))
        .passThrough("kafka.", "any consumer setting, without the prefix");
  }

  /** Replay reads no config file: its flags are all it takes. */
  @Override
  public List<String> extraFlags() {
    return List.of();
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = settings().parse(Settings.merge(null, null, Map.of(), flags.options()));
    ReplayWindow window;
    try {
      ZoneId zone = ZoneId.systemDefault();
      window =
          new ReplayWindow(
              s.string("camera"),
              ReplayWindow.parseTime("from", s.string("from"), zone),
              ReplayWindow.parseTime("to", s.string("to"), zone));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Properties consumer = new Properties();
    consumer.putAll(s.withPrefix("kafka."));
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.string("bootstrap.servers"));
    consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "decomcam-replay");
    String toTopic = s.string("to-topic");
    if (toTopic != null) {
      if (!s.isSet("model")) {
        throw new UserError(
            "--to-topic " + toTopic + " writes re-explained frames: pass --model SPEC with it");
      }
      if (toTopic.length() > 249
          || toTopic.matches("\\.{1,2}")
          || !toTopic.matches("[a-zA-Z0-9._-]+")) {
        throw new UserError(
            "--to-topic "
                + toTopic
                + " is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'");
      }
    }
    Path out = toTopic == null ? Files.createDirectories(Path.of(s.string("out"))) : null;
    try (WindowReader<Frame> frames =
        new WindowReader<>(
            consumer,
            s.string("topic.frames"),
            Serdes.String().serializer(),
            Topics.FRAME_SERDE.deserializer(),
            window,
            Frame::getCameraId,
            Frame::getCaptureTimestampMs)) {
      ProgressBar bar =
          new ProgressBar(
              System.err,
              "records",
              (int) Math.min(Integer.MAX_VALUE, frames.estimate()),
              System.console() != null);
      long n;
      if (toTopic != null) {
        Properties client = new Properties();
        client.putAll(s.withPrefix("kafka."));
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.string("bootstrap.servers"));
        try (ExplanationTopic topic = new ExplanationTopic(client, toTopic)) {
          n = explainToTopic(s, window, frames, topic, bar);
        }
      } else {
        n =
            s.isSet("model")
                ? explain(s, window, frames, out, bar)
                : recordOverlays(s, consumer, window, frames, out, bar);
      }
      if (n == 0) {
        throw new UserError(
            "no frames of camera "
                + window.camera()
                + " captured from "
                + Instant.ofEpochMilli(window.fromMs())
                + " to "
                + Instant.ofEpochMilli(window.toMs())
                + " in "
                + frames.partition()
                + ": check --camera, the times (UTC shown) and topic.frames");
      }
    }
    return 0;
  }

  /** Writes the window's frames as an MP4 of their overlays; returns the frames written. */
  private static long recordOverlays(
      ConfigDef.Values s,
      Properties consumer,
      ReplayWindow window,
      WindowReader<Frame> frames,
      Path out,
      ProgressBar bar) {
    Frame first = frames.next();
    if (first == null) {
      return 0;
    }
    Frame second = frames.next();
    double fps = s.integer("fps");
    if (fps == 0) {
      long gap =
          second == null ? 0 : second.getCaptureTimestampMs() - first.getCaptureTimestampMs();
      fps = gap <= 0 ? 10 : Math.max(1, Math.min(240, Math.round(1000.0 / gap)));
    }
    long written = 0;
    long raw = 0;
    try (WindowReader<Overlay> overlays =
            new WindowReader<>(
                consumer,
                s.string("topic.overlays"),
                Serdes.String().serializer(),
                Topics.OVERLAY_SERDE.deserializer(),
                window,
                Overlay::getCameraId,
                Overlay::getCaptureTimestampMs);
        Mp4Recorder rec = new Mp4Recorder(out, fps, Segments.ONE_FILE)) {
      Overlay pending = overlays.next();
      Frame f = first;
      while (f != null) {
        long seq = f.getSequence();
        // overlays come in the camera's frame order: pass over those of frames not replayed
        while (pending != null && pending.getSequence() < seq) {
          pending = overlays.next();
        }
        if (pending != null && pending.getSequence() == seq) {
          rec.write(
              window.camera(),
              seq,
              f.getCaptureTimestampMs(),
              JpegCodec.decodeYuv(pending.getImage()));
          pending = overlays.next();
        } else {
          rec.write(
              window.camera(), seq, f.getCaptureTimestampMs(), JpegCodec.decodeYuv(f.getImage()));
          raw++;
        }
        written++;
        bar.update((int) Math.min(Integer.MAX_VALUE, frames.scanned()), "#" + seq);
        f = second != null ? second : frames.next(); // the second frame was read for the fps
        second = null;
      }
      bar.finish();
      System.out.printf(
          Locale.ROOT,
          "replay: %d frames of %s (%s, from offset %d) written to %s at %.0f fps; %d without an"
              + " overlay written as captured%n",
          written,
          window.camera(),
          frames.partition(),
          frames.startOffset(),
          rec.fileFor(window.camera()),
          fps,
          raw);
    }
    return written;
  }

  /**
   * Explains the window's frames again into {@code topic} as Explanation records; returns the
   * frames explained.
   */
  private static long explainToTopic(
      ConfigDef.Values s,
      ReplayWindow window,
      WindowReader<Frame> frames,
      ExplanationTopic topic,
      ProgressBar bar) {
    ProcessorConfig c = ExplainCommand.processorConfig(s);
    try (ExplainableModel model = ModelLoader.load(c.modelSpec(), c.engineOptions())) {
      SingleStream<?> explainer =
          SingleStream.of(new FrameExplainer<>(model, c.newMethod(), c.target()));
      for (Frame f = frames.next(); f != null; f = frames.next()) {
        BufferedImage img = JpegCodec.decode(f.getImage());
        ExplainedFrame<?> e = explainer.next(img, f.getCaptureTimestampMs());
        topic.send(
            ExplanationMapper.toRecord(
                f.getCameraId(),
                f.getSequence(),
                f.getCaptureTimestampMs(),
                e,
                model.spec(),
                c.method(),
                c.mode(),
                Map.of()));
        bar.update((int) Math.min(Integer.MAX_VALUE, frames.scanned()), "#" + f.getSequence());
      }
    }
    long n = topic.flush();
    bar.finish();
    System.out.printf(
        Locale.ROOT,
        "replay: %d frames of %s explained again with %s (%s, %s) into topic %s%n",
        n,
        window.camera(),
        c.modelSpec(),
        c.method(),
        c.mode(),
        topic.name());
    return n;
  }

  /** Explains the window's frames again into {@code out}; returns the frames explained. */
  private static long explain(
      ConfigDef.Values s,
      ReplayWindow window,
      WindowReader<Frame> frames,
      Path out,
      ProgressBar bar)
      throws IOException {
    ProcessorConfig c = ExplainCommand.processorConfig(s);
    ExplanationFiles files = new ExplanationFiles(out);
    long n = 0;
    try (ExplainableModel model = ModelLoader.load(c.modelSpec(), c.engineOptions())) {
      SingleStream<?> explainer =
          SingleStream.of(new FrameExplainer<>(model, c.newMethod(), c.target()));
      String stem = RecordingNames.stem(window.camera());
      for (Frame f = frames.next(); f != null; f = frames.next()) {
        BufferedImage img = JpegCodec.decode(f.getImage());
        ExplainedFrame<?> e = explainer.next(img, f.getCaptureTimestampMs());
        String name = String.format(Locale.ROOT, "%s-%06d", stem, f.getSequence());
        String source =
            "kafka:" + frames.partition() + "/" + window.camera() + "#" + f.getSequence();
        files.write(name, source, img, e, model.spec(), c.method());
        n++;
        bar.update((int) Math.min(Integer.MAX_VALUE, frames.scanned()), "#" + f.getSequence());
      }
    }
    bar.finish();
    System.out.printf(
        Locale.ROOT,
        "replay: %d frames of %s explained again with %s (%s, %s) into %s%n",
        n,
        window.camera(),
        c.modelSpec(),
        c.method(),
        c.mode(),
        out);
    return n;
  }
}
