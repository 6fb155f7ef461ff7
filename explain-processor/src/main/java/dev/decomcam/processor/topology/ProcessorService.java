package dev.decomcam.processor.topology;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Service;
import dev.decomcam.common.kafka.StoreEntries;
import dev.decomcam.common.kafka.StreamsProperties;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.explain.FrameExplainer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the explain-processor: a Kafka Streams application from {@code frames} to {@code
 * explanations} under exactly_once_v2. Scale it the Kafka way: more partitions (cameras spread by
 * key) and more instances with the same application.id.
 *
 * <p>Run: {@code ./decomcam process --bootstrap.servers=127.0.0.1:9092
 * --model.spec=models/demo-shapes/spec.json}
 */
public final class ProcessorService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

  /** Largest record the processor produces: a dead letter (size its topic to match). */
  public static final int DEAD_LETTER_MAX_BYTES = StreamsProperties.MAX_REQUEST_BYTES;

  private final ProcessorConfig config;
  private final ExplainMetrics metrics;
  private final UnaryOperator<ExplainableModel> wrapModel;
  private ModelPool models;
  private KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public ProcessorService(ProcessorConfig config, ExplainMetrics metrics) {
    this(config, metrics, UnaryOperator.identity());
  }

  /**
   * A processor whose models are wrapped by {@code wrapModel} once loaded: for tests that need a
   * model with other timing (e.g. a deliberately slow one), with everything else as configured.
   */
  public ProcessorService(
      ProcessorConfig config, ExplainMetrics metrics, UnaryOperator<ExplainableModel> wrapModel) {
    this.config = config;
    this.metrics = metrics;
    this.wrapModel = wrapModel;
  }

  /** Builds explainers from the config; loads the model once now to validate spec and files. */
  public static Supplier<FrameExplainer<?>> explainers(ProcessorConfig c) {
    return explainers(c, UnaryOperator.identity());
  }

  /** As {@link #explainers(ProcessorConfig)}, each model wrapped by {@code wrapModel}. */
  static Supplier<FrameExplainer<?>> explainers(
      ProcessorConfig c, UnaryOperator<ExplainableModel> wrapModel) {
    // a missing or inconsistent model, or a target class it does not have, fails at start, not on
    // every frame (where each stream thread would load the model again for each frame, and each
    // frame would be dead-lettered)
    try (ExplainableModel model = ModelLoader.load(c.modelSpec(), c.engineOptions())) {
      try {
        newExplainer(c, model);
      } catch (IllegalArgumentException e) {
        throw new ConfigError(
            "config key '"
                + ProcessorConfig.TARGET
                + "' = '"
                + c.target()
                + "' does not fit model "
                + c.modelSpec()
                + ": "
                + e.getMessage());
      }
    }
    return () -> {
      ExplainableModel model = wrapModel.apply(ModelLoader.load(c.modelSpec(), c.engineOptions()));
      try {
        return newExplainer(c, model);
      } catch (RuntimeException | Error e) {
        model.close(); // a model that loaded but cannot be used must not leak its native memory
        throw e;
      }
    };
  }

  private static FrameExplainer<?> newExplainer(ProcessorConfig c, ExplainableModel model) {
    return new FrameExplainer<>(model, c.newMethod(), c.target(), c.targetSticky());
  }

  /**
   * The shared {@link StreamsProperties#base}, the processor's own overrides, then {@code
   * streams.*}.
   */
  static Properties streamsProperties(ProcessorConfig c) {
    Properties p = StreamsProperties.base(c.applicationId(), c.bootstrapServers(), c.stateDir());
    // each stream thread holds its own model
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.streamThreads());
    // a frame costs tens of ms: small polls keep each transaction short and rebalances quick
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 20);
    // a new application explains the frames already waiting, not only those published after it
    // starts
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // explanations become visible at each commit (exactly once), so the interval adds up to itself
    // to a live camera's latency: Kafka Streams' exactly-once default of 100 ms keeps that a small
    // part of a live camera's budget (live.max.lag.ms) at ten transactions a second
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    return StreamsProperties.withUserOverrides(p, c.streamsOverrides());
  }

  @Override
  public synchronized void start() {
    models = new ModelPool(explainers(config, wrapModel));
    Topology topology = ExplainTopology.build(config.topologyOptions(), models, metrics);
    LOG.debug("explain-processor topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, streamsProperties(config));
    // every per-frame failure is dead-lettered in the topology, so a dying thread means the broker
    // or the environment failed: stop (exit non-zero) and let the supervisor restart us, rather
    // than replace the thread in a loop on the same uncommitted record
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed, stopping the explain-processor: {}", e.toString());
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
            LOG.error("explain-processor stopped with an error");
            stopped.countDown();
          }
        });
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  /**
   * Entries of one of the topology's stores ({@link ExplainTopology#SEQUENCE_STORE}: one per camera
   * kept) in this instance; -1 while it cannot be queried.
   */
  public synchronized long storeEntries(String store) {
    return StoreEntries.count(streams, store);
  }

  /**
   * How many tasks this instance runs as active now (one per frames partition it owns); 0 when not
   * running.
   */
  public synchronized int activeTasks() {
    return streams == null
        ? 0
        : streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
  }

  /** The Streams client's own metrics (its consumers' lag among them); empty when not running. */
  public Map<MetricName, ? extends Metric> streamsMetrics() {
    KafkaStreams s = streams;
    return s == null ? Map.of() : s.metrics();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      StreamsProperties.close(streams);
      streams = null;
    }
    if (models != null) {
      models.close();
      models = null;
    }
    stopped.countDown();
  }
}
