package dev.decomcam.ingest;

import dev.decomcam.common.config.Service;
import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Frame;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one camera's video and publishes its frames: {@link VideoSource} (planar YUV at the size
 * the JPEGs get, see {@link VideoSource#openYuv}) → {@link FrameStream} (sampling, looping, pacing)
 * → {@link JpegCodec} → {@link FramePublisher} on the frames topic.
 *
 * <p>{@link #start()} opens the source on the caller's thread, so a bad source fails at once with a
 * one-line {@link IngestException}; frames then flow on a background thread until the source ends,
 * {@code max.frames} is reached or {@link #stop()} is called. The producer is flushed and closed at
 * the end either way.
 *
 * <p>A live source (URL, device) that ends, breaks or stalls after that first open is reconnected
 * by the config's {@link ReconnectPolicy} (see {@link Reconnector}): the stream goes on with the
 * same producer, so sequence numbers continue; the outage is logged, reported to {@link
 * IngestMetrics} and stamped on the first frame after it. A file's end is the end of its stream. If
 * the tries run out the run ends with a failure.
 */
public final class IngestService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  /**
   * Counters after or during a run.
   *
   * @param reconnects outages the live source came back from
   * @param outageMs time spent without a source, over all outages
   * @param endReason why the stream ended (end of file, max.frames reached, a lost source, ...);
   *     null while it runs or when stopped
   */
  public record Stats(
      long framesRead,
      long framesPublished,
      long framesAcknowledged,
      long decodeErrors,
      long reconnects,
      long outageMs,
      String endReason,
      String failure) {}

  private final IngestConfig config;
  private final Function<IngestConfig, Producer<String, Frame>> producerFactory;
  private final LongSupplier wallClock;
  private final IngestMetrics metrics;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Thread worker;
  private volatile VideoSource source;
  private volatile FrameStream stream;
  private volatile JpegCodec codec;
  private volatile FramePublisher publisher;
  private volatile Reconnector reconnector;
  private volatile String failure;
  private volatile long decodeErrors;

  public IngestService(IngestConfig config) {
    this(
        config,
        c -> FramePublisher.createProducer(c.producerProperties()),
        System::currentTimeMillis);
  }

  /** Reporting to {@code metrics} (ops: Prometheus). */
  public IngestService(IngestConfig config, IngestMetrics metrics) {
    this(
        config,
        c -> FramePublisher.createProducer(c.producerProperties()),
        System::currentTimeMillis,
        metrics);
  }

  /** With a given producer factory (tests: a {@code MockProducer}) and wall clock. */
  public IngestService(
      IngestConfig config,
      Function<IngestConfig, Producer<String, Frame>> producerFactory,
      LongSupplier wallClock) {
    this(config, producerFactory, wallClock, IngestMetrics.NONE);
  }

  /** With a given producer factory, wall clock and metrics. */
  public IngestService(
      IngestConfig config,
      Function<IngestConfig, Producer<String, Frame>> producerFactory,
      LongSupplier wallClock,
      IngestMetrics metrics) {
    this.config = config;
    this.producerFactory = producerFactory;
    this.wallClock = wallClock;
    this.metrics = metrics;
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      throw new IllegalStateException("ingest of camera " + config.cameraId() + " already started");
    }
    JpegCodec jpeg = config.jpegCodec();
    JpegCodec.loadNatives(); // before the first frame's capture time is taken
    VideoSource src =
        VideoSource.openYuv(config.source(), config.timeout(), jpeg)
            .stallTimeout(config.reconnect().stallTimeout());
    LOG.info(
        "camera {}: {} {} {}x{} at {} fps, pacing {}, live {}, every {}, loop {}, max {},"
            + " reconnect {}",
        config.cameraId(),
        src.kind(),
        src.source(),
        src.width(),
        src.height(),
        String.format("%.2f", src.frameRate()),
        config.pacing(),
        config.liveFor(src.kind()),
        config.sampleEvery(),
        config.loop(),
        config.maxFrames(),
        src.kind() == VideoSource.Kind.FILE ? "never (file)" : config.reconnect());
    source = src;
    codec = jpeg;
    Reconnector r = new Reconnector(config.cameraId(), config.reconnect(), new Reporting());
    reconnector = r;
    stream = new FrameStream(src, config.streamOptions(), new Pacer(config.pacing()), r);
    try {
      publisher =
          new FramePublisher(
              producerFactory.apply(config),
              config.topic(),
              config.cameraId(),
              src.source(),
              config.liveFor(src.kind()));
    } catch (RuntimeException e) {
      src.close();
      throw new IngestException(
          "cannot create the Kafka producer for "
              + config.bootstrapServers()
              + " ("
              + e.getMessage()
              + "): check bootstrap.servers and kafka.* settings",
          e);
    }
    metrics.connected(config.cameraId(), true);
    worker = new Thread(this::run, "decomcam-ingest-" + config.cameraId());
    worker.start();
  }

  /** Passes outages on to the metrics and stamps a reconnect on the next frame. */
  private final class Reporting implements IngestMetrics {
    @Override
    public void connected(String camera, boolean up) {
      metrics.connected(camera, up);
    }

    @Override
    public void outageStarted(String camera, String reason) {
      metrics.outageStarted(camera, reason);
    }

    @Override
    public void reconnectFailed(String camera, String reason) {
      metrics.reconnectFailed(camera, reason);
    }

    @Override
    public void reconnected(String camera, long outageMs, int attempts) {
      publisher.sourceReconnected(outageMs);
      metrics.reconnected(camera, outageMs, attempts);
    }

    @Override
    public void outageEnded(String camera, long outageMs) {
      metrics.outageEnded(camera, outageMs);
    }

    @Override
    public void published(String camera) {
      metrics.published(camera);
    }
  }

  private String publishFailure(Exception e) {
    String where =
        "camera "
            + config.cameraId()
            + ": publishing to "
            + config.topic()
            + " failed ("
            + e.getMessage();
    if (e instanceof RecordTooLargeException || e.getCause() instanceof RecordTooLargeException) {
      return where
          + "): the JPEG frame is larger than the producer or topic allows: set"
          + " max.width/max.height or lower jpeg.quality (or raise kafka.max.request.size and the"
          + " topic's max.message.bytes)";
    }
    return where + "): check the broker at " + config.bootstrapServers() + " is up";
  }

  private void run() {
    JpegCodec jpeg = codec;
    try {
      for (DecodedFrame f; (f = stream.next()) != null; ) {
        long captured = wallClock.getAsLong();
        publisher.publish(jpeg.encode(f.yuv()), f.ptsMicros(), captured);
        metrics.published(config.cameraId());
        decodeErrors = source.decodeErrors();
        Exception e = publisher.failure();
        if (e != null) {
          failure = publishFailure(e);
          break;
        }
      }
      if (stream.gaveUp()) {
        failure =
            "camera "
                + config.cameraId()
                + ": source "
                + source.source()
                + " lost ("
                + stream.endReason()
                + ") and not back after "
                + config.reconnect().maxAttempts()
                + " tries: check the camera or server, or set reconnect.attempts=0 (unlimited)";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IngestException e) {
      failure = e.getMessage();
    } catch (RuntimeException e) {
      failure = "camera " + config.cameraId() + ": ingest stopped: " + e;
      LOG.error(failure, e);
    } finally {
      finish();
    }
  }

  private void finish() {
    decodeErrors = source.decodeErrors();
    try {
      Thread.interrupted(); // flush must not be cut short by the stop request itself
      publisher.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure =
            "camera " + config.cameraId() + ": closing the producer failed: " + e.getMessage();
      }
    }
    source.close();
    metrics.connected(config.cameraId(), false);
    if (failure != null) {
      LOG.error(failure);
    }
    LOG.info("camera {}: done, {}", config.cameraId(), stats());
    done.countDown();
  }

  @Override
  public void stop() {
    Thread w = worker;
    if (w == null) {
      return;
    }
    w.interrupt();
    try {
      w.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs to the end on the calling thread's behalf: start, wait; throws the failure as one line.
   */
  public Stats runToEnd() throws InterruptedException {
    start();
    done.await();
    if (failure != null) {
      throw new IngestException(failure);
    }
    return stats();
  }

  public Stats stats() {
    FrameStream s = stream;
    FramePublisher p = publisher;
    Reconnector r = reconnector;
    return new Stats(
        s == null ? 0 : s.framesRead(),
        p == null ? 0 : p.nextSequence(),
        p == null ? 0 : p.acknowledged(),
        decodeErrors,
        r == null ? 0 : r.reconnects(),
        r == null ? 0 : r.outageMs(),
        s == null ? null : s.endReason(),
        failure);
  }

  /**
   * About how many frames this run publishes, for a progress bar: a file's frames in its range,
   * sampled and capped by max.frames; 0 when not known (a live source, a looped file without
   * max.frames, a container that declares no frame count) or before {@link #start()}.
   */
  public long expectedFrames() {
    VideoSource src = source;
    if (src == null || src.kind() != VideoSource.Kind.FILE) {
      return 0;
    }
    long declared = src.declaredFrames();
    double fps = src.frameRate();
    if (config.loop()) {
      return config.maxFrames();
    }
    if (declared <= 0 || fps <= 0) {
      return config.maxFrames();
    }
    long end =
        config.toMicros() > 0
            ? Math.min(declared, Math.round(config.toMicros() / 1e6 * fps))
            : declared;
    long n = Math.max(0, end - Math.round(config.fromMicros() / 1e6 * fps));
    n = (n + config.sampleEvery() - 1) / config.sampleEvery();
    return config.maxFrames() > 0 ? Math.min(n, config.maxFrames()) : n;
  }

  public IngestConfig config() {
    return config;
  }
}
