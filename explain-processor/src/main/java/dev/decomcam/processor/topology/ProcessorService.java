package dev.decomcam.processor.topology;

import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.schemas.config.Service;
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

  /** Largest record the processor produces: a dead letter of up to 16 MiB (size its topic to match). */
  public static final int DEAD_LETTER_MAX_BYTES = 16 << 20;

  private final ProcessorConfig config;
  private final ExplainMetrics metrics;
  private ModelPool models;
  private KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public ProcessorService(ProcessorConfig config, ExplainMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }


  /** Builds explainers from the config; loads the model once now to validate spec and files. */
  public static Supplier<FrameExplainer<?>> explainers(ProcessorConfig c) {
    // a missing or inconsistent model fails at start, not on the first frame
    ModelLoader.load(c.modelSpec(), c.engineOptions()).close();
    return () -> new FrameExplainer<>(ModelLoader.load(c.modelSpec(), c.engineOptions()), c.newMethod(), c.target(),
        c.targetSticky());
  }

  static Properties streamsProperties(ProcessorConfig c) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, c.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
    // one explanation per frame, even across crashes and rebalances
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.streamThreads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, c.stateDir());
    // a frame costs tens of ms: small polls keep each transaction short and rebalances quick
    p.put(StreamsConfig.consumerPrefix("max.poll.records"), 20);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    // any record that reaches us may have to go to the dead-letter topic with its original bytes
    p.put(StreamsConfig.producerPrefix("max.request.size"), DEAD_LETTER_MAX_BYTES);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.putAll(c.streamsOverrides());
    return p;
  }

  @Override
  public synchronized void start() {
    models = new ModelPool(explainers(config));
    Topology topology = ExplainTopology.build(config.topologyOptions(), models, metrics);
    LOG.debug("explain-processor topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, streamsProperties(config));
    // every per-frame failure is dead-lettered in the topology, so a dying thread means the broker
    // or the environment failed: stop (exit non-zero) and let the supervisor restart us, rather
    // than replace the thread in a loop on the same uncommitted record
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed, stopping the explain-processor: {}", e.toString());
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
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
