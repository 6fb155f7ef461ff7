package dev.decomcam.ops.pipeline;

import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestMetrics;
import dev.decomcam.ingest.IngestService;
import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.processor.topology.ProcessorService;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.SinkService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole product in one process on one broker: explain-processor and sink as Kafka Streams
 * applications, and one ingest per camera. Each part is the same service a separate process would
 * run; only the broker address and state directories are chosen here.
 *
 * <pre>{@code
 * try (LocalPipeline p = LocalPipeline.start(kafka.bootstrapServers(), work, processorFlags, sinkFlags)) {
 *   IngestService.Stats s = p.ingest("cam-1", Path.of("clip.mp4"), Map.of("pacing", "fast"));
 * }
 * }</pre>
 */
public final class LocalPipeline implements AutoCloseable {
  /** The topics a pipeline needs. */
  public static final List<String> TOPICS =
      List.of(
          Topics.FRAMES.name(),
          Topics.EXPLANATIONS.name(),
          Topics.COMPONENT_EVENTS.name(),
          Topics.OVERLAYS.name(),
          Topics.DEAD_LETTER.name());

  private final String bootstrap;
  private final List<ProcessorService> processors;
  private final String processorId;
  private final SinkService sink;
  private final IngestMetrics ingestMetrics;
  private final List<IngestService> ingests = new ArrayList<>();

  private LocalPipeline(
      String bootstrap,
      List<ProcessorService> processors,
      String processorId,
      SinkService sink,
      IngestMetrics ingestMetrics) {
    this.bootstrap = bootstrap;
    this.processors = List.copyOf(processors);
    this.processorId = processorId;
    this.sink = sink;
    this.ingestMetrics = ingestMetrics;
  }

  /** Creates the topics and starts processor and sink. */
  public static LocalPipeline start(
      EmbeddedKafka kafka,
      int partitions,
      Path workDir,
      Map<String, String> processorOverrides,
      Map<String, String> sinkOverrides,
      ExplainMetrics metrics) {
    return start(
        kafka,
        partitions,
        workDir,
        processorOverrides,
        sinkOverrides,
        PipelineMetrics.processorOnly(metrics),
        1);
  }

  /**
   * Creates the topics and starts {@code processors} explain-processor instances and the sink,
   * every service reporting to {@code m}. The instances share one application id, so one consumer
   * group sharing the frames' partitions, each with its own state directory as separate machines
   * would have.
   */
  public static LocalPipeline start(
      EmbeddedKafka kafka,
      int partitions,
      Path workDir,
      Map<String, String> processorOverrides,
      Map<String, String> sinkOverrides,
      PipelineMetrics m,
      int processors) {
    kafka.createTopics(partitions, TOPICS);
    return start(
        kafka.bootstrapServers(),
        workDir,
        processorOverrides,
        sinkOverrides,
        m,
        UnaryOperator.identity(),
        processors);
  }

  public static LocalPipeline start(
      String bootstrap,
      Path workDir,
      Map<String, String> processorOverrides,
      Map<String, String> sinkOverrides,
      ExplainMetrics metrics) {
    return start(
        bootstrap, workDir, processorOverrides, sinkOverrides, metrics, UnaryOperator.identity());
  }

  /**
   * As {@link #start(String, Path, Map, Map, ExplainMetrics)}, the processor's models wrapped by
   * {@code wrapModel} (tests: a deliberately slow model).
   */
  public static LocalPipeline start(
      String bootstrap,
      Path workDir,
      Map<String, String> processorOverrides,
      Map<String, String> sinkOverrides,
      ExplainMetrics metrics,
      UnaryOperator<ExplainableModel> wrapModel) {
    return start(
        bootstrap,
        workDir,
        processorOverrides,
        sinkOverrides,
        PipelineMetrics.processorOnly(metrics),
        wrapModel,
        1);
  }

  private static LocalPipeline start(
      String bootstrap,
      Path workDir,
      Map<String, String> processorOverrides,
      Map<String, String> sinkOverrides,
      PipelineMetrics metrics,
      UnaryOperator<ExplainableModel> wrapModel,
      int instances) {
    List<ProcessorService> processors = new ArrayList<>();
    String processorId = null;
    for (int i = 0; i < instances; i++) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put(ProcessorConfig.BOOTSTRAP_SERVERS, bootstrap);
      // the first instance keeps the directory a single one always had
      p.put(
          ProcessorConfig.STATE_DIR,
          workDir.resolve(i == 0 ? "processor-state" : "processor-state-" + i).toString());
      p.putAll(processorOverrides);
      ProcessorConfig processorConfig = ProcessorConfig.load(null, Map.of(), p);
      processorId = processorConfig.applicationId();
      processors.add(new ProcessorService(processorConfig, metrics.processor(), wrapModel));
    }
    Map<String, String> s = new LinkedHashMap<>();
    s.put(SinkConfig.BOOTSTRAP_SERVERS, bootstrap);
    s.put(SinkConfig.STATE_DIR, workDir.resolve("sink-state").toString());
    s.put(SinkConfig.OUTPUT_DIR, workDir.toString());
    s.putAll(sinkOverrides);
    SinkService sink = new SinkService(SinkConfig.load(null, Map.of(), s), metrics.sink());
    LocalPipeline pipeline =
        new LocalPipeline(bootstrap, processors, processorId, sink, metrics.ingest());
    try {
      processors.forEach(ProcessorService::start);
      sink.start();
      metrics.started().accept(pipeline);
      pipeline.awaitRunning(STARTUP);
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  /** How long {@link #start} waits for processor and sink to be running. */
  static final Duration STARTUP = Duration.ofSeconds(60);

  /**
   * Waits until processor and sink have joined their groups and started their tasks (the processor
   * loads its model as its tasks start), so cameras started next are served from their first frame
   * rather than queued behind the pipeline's own start; after {@code timeout} it goes on anyway
   * (the frames then wait, as they would for a pipeline started after its cameras).
   */
  private void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && !(processors.stream().allMatch(p -> p.state() == KafkaStreams.State.RUNNING)
            && sink.state() == KafkaStreams.State.RUNNING
            && processorsAssigned())) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Whether each processor instance has its share of the frames' tasks. Instances that join one
   * after another settle in two rebalances: the first instance takes every task, and when the next
   * joins, the first gives up tasks in one rebalance and the newcomer gets them in a second, up to
   * a heartbeat later. In between all are running, one without tasks, whose cameras would wait for
   * the second rebalance.
   */
  private boolean processorsAssigned() {
    return processors.size() == 1 || processors.stream().allMatch(p -> p.activeTasks() > 0);
  }

  /** The (first) explain-processor's Streams client metrics (its consumer lag among them). */
  public Map<MetricName, ? extends Metric> processorStreamsMetrics() {
    return processors.get(0).streamsMetrics();
  }

  /** The sink's Streams client metrics (its consumer lag among them). */
  public Map<MetricName, ? extends Metric> sinkStreamsMetrics() {
    return sink.streamsMetrics();
  }

  /** The explain-processor's Streams application id. */
  public String processorApplicationId() {
    return processorId;
  }

  /** The sink's Streams application id. */
  public String sinkApplicationId() {
    return sink.config().applicationId();
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** The (first) explain-processor's Kafka Streams state. */
  public KafkaStreams.State processorState() {
    return processors.get(0).state();
  }

  /** The sink's Kafka Streams state (null before it started). */
  public KafkaStreams.State sinkState() {
    return sink.state();
  }

  /** The (first) explain-processor service (tests: its per-camera state). */
  public ProcessorService processor() {
    return processors.get(0);
  }

  /** The sink service (tests: its per-camera state). */
  public SinkService sink() {
    return sink;
  }

  /** An ingest running on its own, without processor or sink. */
  public record Ingest(IngestService service) implements AutoCloseable {
    @Override
    public void close() {
      service.stop();
    }
  }

  /**
   * Starts only an ingest of {@code source} as {@code camera} (e.g. to fill the frames topic
   * first).
   */
  public static Ingest ingestOnly(
      String bootstrap, String camera, String source, Map<String, String> overrides) {
    IngestService ingest = newIngest(bootstrap, camera, source, overrides, IngestMetrics.NONE);
    ingest.start();
    return new Ingest(ingest);
  }

  private static IngestService newIngest(
      String bootstrap,
      String camera,
      String source,
      Map<String, String> overrides,
      IngestMetrics metrics) {
    Map<String, String> i = new LinkedHashMap<>();
    i.put(IngestConfig.BOOTSTRAP_SERVERS, bootstrap);
    i.put(IngestConfig.CAMERA_ID, camera);
    i.put(IngestConfig.SOURCE, source);
    i.putAll(overrides);
    return new IngestService(IngestConfig.load(null, Map.of(), i), metrics);
  }

  /** Starts an ingest of {@code source} as {@code camera} in the background. */
  public IngestService startIngest(String camera, String source, Map<String, String> overrides) {
    IngestService ingest = newIngest(bootstrap, camera, source, overrides, ingestMetrics);
    synchronized (ingests) {
      ingests.add(ingest);
    }
    ingest.start();
    return ingest;
  }

  @Override
  public void close() {
    synchronized (ingests) {
      ingests.forEach(IngestService::stop);
    }
    sink.stop();
    processors.forEach(ProcessorService::stop);
  }

  /** Overlays the sink has written to MP4 so far. */
  public long recordedFrames() {
    return sink.recordedFrames();
  }

  /** Waits for every started ingest to reach the end of its source. */
  public void awaitIngests(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (IngestService i : ingests) {
      i.awaitTermination(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
  }
}
