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
 */
public final class IngestService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  /** Counters after or during a run. */
  public record Stats(
      long framesRead,
      long framesPublished,
      long framesAcknowledged,
      long decodeErrors,
      String failure) {}

  private final IngestConfig config;
  private final Function<IngestConfig, Producer<String, Frame>> producerFactory;
  private final LongSupplier wallClock;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Thread worker;
  private volatile VideoSource source;
  private volatile FrameStream stream;
  private volatile JpegCodec codec;
  private volatile FramePublisher publisher;
  private volatile String failure;
  private volatile long decodeErrors;

  public IngestService(IngestConfig config) {
    this(
        config,
        c -> FramePublisher.createProducer(c.producerProperties()),
        System::currentTimeMillis);
  }

  /** With a given producer factory (tests: a {@code MockProducer}) and wall clock. */
  public IngestService(
      IngestConfig config,
      Function<IngestConfig, Producer<String, Frame>> producerFactory,
      LongSupplier wallClock) {
    this.config = config;
    this.producerFactory = producerFactory;
    this.wallClock = wallClock;
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      throw new IllegalStateException("ingest of camera " + config.cameraId() + " already started");
    }
    JpegCodec jpeg = config.jpegCodec();
    VideoSource src = VideoSource.openYuv(config.source(), config.timeout(), jpeg);
    LOG.info(
        "camera {}: {} {} {}x{} at {} fps, pacing {}, live {}, every {}, loop {}, max {}",
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
        config.maxFrames());
    source = src;
    codec = jpeg;
    stream = new FrameStream(src, config.streamOptions(), new Pacer(config.pacing()));
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
    worker = new Thread(this::run, "decomcam-ingest-" + config.cameraId());
    worker.start();
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
        decodeErrors = source.decodeErrors();
        Exception e = publisher.failure();
        if (e != null) {
          failure = publishFailure(e);
          break;
        }
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
    return new Stats(
        s == null ? 0 : s.framesRead(),
        p == null ? 0 : p.nextSequence(),
        p == null ? 0 : p.acknowledged(),
        decodeErrors,
        failure);
  }

  public IngestConfig config() {
    return config;
  }
}
