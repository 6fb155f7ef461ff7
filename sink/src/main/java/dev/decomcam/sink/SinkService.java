package dev.decomcam.sink;

import dev.decomcam.common.config.Service;
import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.kafka.StoreEntries;
import dev.decomcam.common.kafka.StreamsProperties;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.feed.OverlayFeed;
import dev.decomcam.sink.feed.OverlayListener;
import dev.decomcam.sink.metrics.OverlayMetrics;
import dev.decomcam.sink.metrics.SinkMetrics;
import dev.decomcam.sink.record.Mp4Recorder;
import dev.decomcam.sink.topology.SinkTopology;
import dev.decomcam.sink.web.CameraBoard;
import dev.decomcam.sink.web.Dashboard;
import dev.decomcam.sink.web.DetailFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sink: the {@link SinkTopology} on Kafka Streams (exactly-once) and, fed by one {@link
 * OverlayFeed} of committed overlays, the MP4 recorder ({@code record=true}: {@code
 * <output.dir>/<camera>-<time>.mp4} segments of {@code record.segment.seconds}, listed in {@code
 * <camera>.index.json}) and the live dashboard ({@code dashboard.port}).
 *
 * <pre>{@code
 * SinkService sink = new SinkService(SinkConfig.load(null, System.getenv(), Map.of("record", "true")));
 * sink.start();
 * Runtime.getRuntime().addShutdownHook(new Thread(sink::stop));
 * }</pre>
 */
public final class SinkService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);

  private final SinkConfig config;
  private final SinkMetrics metrics;
  private final CountDownLatch done = new CountDownLatch(1);
  private KafkaStreams streams;
  private OverlayFeed feed;
  private Mp4Recorder recorder;
  private Dashboard dashboard;
  private DetailFeed detailFeed;
  private SinkTopology.Deps deps;

  public SinkService(SinkConfig config) {
    this(config, SinkMetrics.NONE);
  }

  /**
   * A sink that reports its overlays (end-to-end latency measured as each committed overlay is
   * read) and dead letters to {@code metrics}.
   */
  public SinkService(SinkConfig config, SinkMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException("sink already started");
    }
    JpegCodec.loadNatives(); // not on the first overlay
    deps = SinkTopology.Deps.of(config, metrics);
    Topology topology = SinkTopology.build(deps);
    LOG.debug("sink topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, SinkTopology.streamsConfig(config));
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("sink stream thread failed: {}", e.toString(), e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            done.countDown();
          }
        });
    List<OverlayListener> listeners = new ArrayList<>();
    if (metrics != SinkMetrics.NONE) {
      listeners.add(new OverlayMetrics(metrics, System::currentTimeMillis));
    }
    if (config.record()) {
      recorder =
          new Mp4Recorder(
              config.outputDir(),
              config.fps(),
              config.segments(),
              config.maxCameras(),
              config.cameraIdleMs());
      listeners.add(recorder);
    }
    if (config.dashboardPort() > 0) {
      dashboard =
          new Dashboard(
              config.dashboardHost(),
              config.dashboardPort(),
              new CameraBoard(
                  config.dashboardMaxCameras(),
                  TimeUnit.SECONDS.toNanos(config.dashboardIdleSeconds())),
              config.dashboardToken());
      listeners.add(dashboard);
      detailFeed =
          new DetailFeed(
              DetailFeed.createConsumer(
                  DetailFeed.consumerProperties(
                      config.bootstrapServers(), config.applicationId(), config.kafkaOverrides())),
              dashboard.board(),
              config.framesTopic(),
              config.explanationsTopic(),
              config.componentEventsTopic());
      detailFeed.start();
      LOG.info("live dashboard at http://{}:{}/", config.dashboardHost(), dashboard.port());
    }
    if (!listeners.isEmpty()) {
      feed =
          new OverlayFeed(
              Topics.OVERLAYS.withName(config.overlaysTopic()),
              OverlayFeed.createConsumer(
                  OverlayFeed.consumerProperties(
                      config.bootstrapServers(),
                      config.applicationId() + "-feed",
                      config.kafkaOverrides())),
              listeners);
      feed.start();
    }
    streams.start();
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      StreamsProperties.close(streams);
    }
    if (detailFeed != null) {
      detailFeed.close();
    }
    if (feed != null) {
      feed.stop(); // closes the listeners: MP4 files are finished, the dashboard stops
    }
    done.countDown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The Streams client's own metrics (its consumers' lag among them); empty before start. */
  public Map<MetricName, ? extends Metric> streamsMetrics() {
    KafkaStreams s = streams; // not synchronized: a scrape must not wait for a stopping sink
    return s == null ? Map.of() : s.metrics();
  }

  /** The Streams client's state, or null before {@link #start()}. */
  public synchronized KafkaStreams.State state() {
    return streams == null ? null : streams.state();
  }

  /** The dashboard's port (it may have been 0 = any free port), or -1 when it is off. */
  public synchronized int dashboardPort() {
    return dashboard == null ? -1 : dashboard.port();
  }

  /** Overlays written to MP4 so far (0 when not recording). */
  public synchronized long recordedFrames() {
    return recorder == null ? 0 : recorder.totalFrames();
  }

  /**
   * What the sink keeps per camera now, to show it bounded: the cameras its join keeps ({@code
   * cameras.max}), the entries of each join store, the dashboard's cameras and the recorder's
   * (files open, cameras remembered); -1 where there is none (or a store cannot be queried now).
   */
  public synchronized Map<String, Long> perCamera() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("join.cameras", deps == null ? -1L : deps.cameras().cameras());
    for (String store :
        List.of(
            SinkTopology.PROGRESS_STORE,
            SinkTopology.FRAME_STORE,
            SinkTopology.EXPLANATION_STORE,
            SinkTopology.LATEST_STORE)) {
      m.put(store, StoreEntries.count(streams, store));
    }
    m.put("dashboard.cameras", dashboard == null ? -1L : dashboard.board().size());
    m.put("recorder.open", recorder == null ? -1L : recorder.openFiles());
    m.put("recorder.cameras", recorder == null ? -1L : recorder.cameras());
    return m;
  }

  public SinkConfig config() {
    return config;
  }
}
