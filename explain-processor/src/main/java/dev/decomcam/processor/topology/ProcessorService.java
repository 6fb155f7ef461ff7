package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.GradCam;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.schemas.config.ConfigException;
import dev.decomcam.schemas.config.Service;
import dev.decomcam.schemas.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the explain-processor: a Kafka Streams application from {@code frames} to
 * {@code explanations} under exactly_once_v2. Scale it the Kafka way: more partitions (cameras
 * spread by key) and more instances with the same application.id.
 *
 * <p>Run: {@code ./decomcam process --bootstrap.servers=127.0.0.1:9092 --model.spec=models/demo-shapes/spec.json}
 */
public final class ProcessorService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

  private final Settings settings;
  private final ExplainMetrics metrics;
  private ModelPool models;
  private KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public ProcessorService(Settings settings, ExplainMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }


  /** Builds explainers from the settings; validates the spec and method eagerly. */
  public static Supplier<FrameExplainer> explainers(Settings s) {
    Path spec = s.getPath(ProcessorConfig.MODEL_SPEC);
    EngineOptions options = engineOptions(s);
    SaliencyMethod method = method(s);
    int target = s.getInt(ProcessorConfig.TARGET);
    // load once now so a missing or inconsistent model fails at start, not on the first frame
    ModelLoader.load(spec, options).close();
    return () -> {
      ExplainableModel model = ModelLoader.load(spec, options);
      return new FrameExplainer(model, method, target);
    };
  }

  public static EngineOptions engineOptions(Settings s) {
    EngineKind engine = null;
    if (s.has(ProcessorConfig.MODEL_ENGINE)) {
      engine = EngineKind.parse(s.get(ProcessorConfig.MODEL_ENGINE)).orElseThrow(() -> new ConfigException(
          "config key '" + ProcessorConfig.MODEL_ENGINE + "' = '" + s.get(ProcessorConfig.MODEL_ENGINE)
              + "' is not valid: expected " + EngineKind.choices()));
    }
    ResizeMode resize = null;
    if (s.has(ProcessorConfig.MODEL_RESIZE)) {
      resize = ResizeMode.parse(s.get(ProcessorConfig.MODEL_RESIZE)).orElseThrow(() -> new ConfigException(
          "config key '" + ProcessorConfig.MODEL_RESIZE + "' = '" + s.get(ProcessorConfig.MODEL_RESIZE)
              + "' is not valid: expected " + ResizeMode.choices()));
    }
    return new EngineOptions(engine, resize, s.getInt(ProcessorConfig.NATIVE_THREADS, 0, 256),
        s.get(ProcessorConfig.MODEL_DEVICE, "cpu"));
  }

  public static SaliencyMethod method(Settings s) {
    String name = s.getChoice(ProcessorConfig.METHOD, "decomcam", "gradcam");
    if (name.equals("gradcam")) {
      return new GradCam();
    }
    String score = s.getChoice(ProcessorConfig.SCORE, "logit", "gain");
    return new DecomCam(new DecomCamConfig(s.getInt(ProcessorConfig.TOP_K, 1, 1 << 16),
        s.getInt(ProcessorConfig.COMPONENTS, 1, 256), s.getDouble(ProcessorConfig.SIGMA),
        score.equals("gain") ? DecomCamConfig.ScoreMode.GAIN : DecomCamConfig.ScoreMode.LOGIT,
        DecomCamConfig.defaults().threshold()));
  }

  static Properties streamsProperties(Settings s) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.get(ProcessorConfig.APPLICATION_ID));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.get(ProcessorConfig.BOOTSTRAP));
    // one explanation per frame, even across crashes and rebalances
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.getInt(ProcessorConfig.STREAM_THREADS, 1, 64));
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.get(ProcessorConfig.STATE_DIR));
    // a frame costs tens of ms: small polls keep each transaction short and rebalances quick
    p.put(StreamsConfig.consumerPrefix("max.poll.records"), 20);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.putAll(s.withPrefix(ProcessorConfig.STREAMS_PREFIX));
    return p;
  }

  @Override
  public synchronized void start() {
    Supplier<FrameExplainer> factory = explainers(settings);
    models = new ModelPool(factory);
    Topology topology = ExplainTopology.build(ProcessorConfig.topologyOptions(settings), models, metrics);
    LOG.info("explain-processor topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, streamsProperties(settings));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed, replacing it: {}", e.toString());
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        LOG.error("explain-processor stopped with an error");
        stopped.countDown();
      }
    });
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
      streams = null;
    }
    if (models != null) {
      models.close();
      models = null;
    }
    stopped.countDown();
  }
}
