package dev.decomcam.sink;

import dev.decomcam.schemas.config.Service;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.record.Mp4Recorder;
import dev.decomcam.sink.record.OverlayRecorderService;
import dev.decomcam.sink.topology.SinkTopology;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sink: the {@link SinkTopology} on Kafka Streams (application id
 * {@code decomcam-sink}, exactly-once) and, with {@code record=true}, an
 * {@link OverlayRecorderService} writing {@code <output.dir>/<camera>-<time>.mp4}.
 *
 * <pre>{@code
 * SinkService sink = new SinkService(SinkConfig.load(null, System.getenv(), Map.of("record", "true")));
 * sink.start();
 * Runtime.getRuntime().addShutdownHook(new Thread(sink::stop));
 * }</pre>
 */
public final class SinkService implements Service {
  private static final Logger log = LoggerFactory.getLogger(SinkService.class);

  private final SinkConfig config;
  private final CountDownLatch done = new CountDownLatch(1);
  private KafkaStreams streams;
  private OverlayRecorderService recorder;

  public SinkService(SinkConfig config) {
    this.config = config;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException("sink already started");
    }
    Topology topology = SinkTopology.build(SinkTopology.Deps.of(config));
    log.debug("sink topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, SinkTopology.streamsConfig(config));
    streams.setUncaughtExceptionHandler(e -> {
      log.error("sink stream thread failed: {}", e.toString(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        done.countDown();
      }
    });
    if (config.record()) {
      recorder = new OverlayRecorderService(Topics.OVERLAYS.withName(config.overlaysTopic()),
          OverlayRecorderService.createConsumer(OverlayRecorderService.consumerProperties(
              config.bootstrapServers(), config.applicationId() + "-recorder", config.kafkaOverrides())),
          new Mp4Recorder(config.outputDir(), config.fps()));
      recorder.start();
    }
    streams.start();
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (recorder != null) {
      recorder.stop();
    }
    done.countDown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The Streams client's state, or null before {@link #start()}. */
  public synchronized KafkaStreams.State state() {
    return streams == null ? null : streams.state();
  }

  /** Overlays written to MP4 so far (0 when not recording). */
  public synchronized long recordedFrames() {
    return recorder == null ? 0 : recorder.framesWritten();
  }

  public SinkConfig config() {
    return config;
  }
}
