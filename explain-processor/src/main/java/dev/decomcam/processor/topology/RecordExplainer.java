package dev.decomcam.processor.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.Tracking;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.live.LivePolicy;
import dev.decomcam.processor.record.ExplanationMapper;
import dev.decomcam.processor.track.TrackEvent;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.RecordRules;
import dev.decomcam.schemas.serde.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains frame records (one, or a batch of several cameras): decodes each record and its image,
 * explains them in one batch from each camera's stored state, and forwards each frame's explanation
 * and events and stores its camera's next state, in order. A live frame the {@link LivePolicy}
 * finds stale is skipped before its image is decoded: its skip record takes the explanation's place
 * ({@link SkippedFrames}). A record that does not decode, and a frame whose explanation fails, is
 * dead-lettered: one bad frame must not stop a camera.
 */
final class RecordExplainer {
  private static final Logger LOG = LoggerFactory.getLogger(RecordExplainer.class);

  private final KeyValueStore<String, byte[]> cameras;
  private final Outputs outputs;
  private final ExplainMetrics metrics;
  private final LongSupplier clock;
  private final Supplier<FrameExplainer<?>> explainer;
  private final LivePolicy live;
  private final SkippedFrames skips;
  private final PixelLimit pixelLimit;
  private final CameraSequences sequences;
  private final Runnable liveFrameTaken;

  /**
   * @param clock processing time (ms): a camera's last-seen time, so a lagging processor never
   *     expires a live one
   * @param explainer the stream thread's explainer (its model is loaded on first use)
   * @param live which live frames are too stale to explain (on the same clock)
   * @param pixelLimit the largest image decoded (image.max.pixels), checked from its header
   * @param sequences each camera's last sequence: a frame that steps back is dead-lettered
   * @param liveFrameTaken run on each live frame, before its explanation (the stream thread then
   *     yields to the parts that handle every frame: {@link StreamThreadNice#lowerOnce})
   */
  RecordExplainer(
      KeyValueStore<String, byte[]> cameras,
      Outputs outputs,
      ExplainMetrics metrics,
      LongSupplier clock,
      Supplier<FrameExplainer<?>> explainer,
      LivePolicy live,
      PixelLimit pixelLimit,
      CameraSequences sequences,
      Runnable liveFrameTaken) {
    this.liveFrameTaken = liveFrameTaken;
    this.pixelLimit = pixelLimit;
    this.sequences = sequences;
    this.explainer = explainer;
    this.cameras = cameras;
    this.outputs = outputs;
    this.metrics = metrics;
    this.clock = clock;
    this.live = live;
    this.skips = new SkippedFrames(outputs, metrics);
  }

  /**
   * A decoded record: where it came from, its Avro frame, how long decoding took, and either its
   * image to explain or the live policy's decision to skip it.
   */
  private record Decoded(
      PendingFrame source,
      Frame record,
      FrameExplainer.BatchFrame frame,
      LivePolicy.Decision skip,
      double decodeMs) {
    boolean skipped() {
      return skip != null;
    }
  }

  /**
   * By how much the model lets a {@code width x height} frame be decoded smaller; 1 (whole) while
   * it cannot load, whose failure {@link #explain} then reports.
   */
  private int reduction(int width, int height) {
    try {
      return explainer.get().model().sourceReduction(width, height);
    } catch (RuntimeException e) {
      return 1;
    }
  }

  void explain(List<PendingFrame> batch) {
    List<Decoded> decoded = new ArrayList<>();
    for (PendingFrame p : batch) {
      long t0 = System.nanoTime();
      Frame frame;
      try {
        frame = Topics.FRAME_SERDE.decode(p.value());
        // before its camera id is used as a key, a metric label or in a log line
        RecordRules.check(frame);
      } catch (RuntimeException e) {
        outputs.deadLetter(p, e.getMessage());
        continue;
      }
      String outOfOrder =
          sequences.accept(frame.getCameraId(), frame.getSequence(), clock.getAsLong());
      if (outOfOrder != null) {
        outputs.deadLetter(p, outOfOrder);
        continue;
      }
      if (frame.getLive()) {
        liveFrameTaken.run();
      }
      // decided now, when the frame would be explained (after waiting for its batch), and before
      // its image is decoded, so a stale frame costs its Avro decode only
      LivePolicy.Decision decision =
          live.decide(frame.getLive(), frame.getCameraId(), frame.getCaptureTimestampMs());
      if (decision.skip()) {
        decoded.add(new Decoded(p, frame, null, decision, (System.nanoTime() - t0) / 1e6));
        continue;
      }
      try {
        JpegCodec.Reduced image = FrameImages.decode(frame, pixelLimit, this::reduction);
        FrameExplainer.BatchFrame f =
            new FrameExplainer.BatchFrame(
                image.image(),
                frame.getCameraId(),
                clock.getAsLong(),
                image.reduction(),
                image.width(),
                image.height());
        decoded.add(new Decoded(p, frame, f, null, (System.nanoTime() - t0) / 1e6));
      } catch (IllegalArgumentException e) {
        outputs.deadLetter(p, where(frame) + ": " + e.getMessage());
      }
    }
    if (decoded.isEmpty()) {
      return;
    }
    FrameExplainer<?> e;
    try {
      e = explainer.get();
    } catch (RuntimeException failure) {
      failAll(decoded, failure);
      return;
    }
    explainWith(e, decoded);
  }

  /**
   * Explains the frames that were not skipped in one batch, then publishes every frame in order: an
   * explanation, or a skip record in a skipped frame's place. Skipped frames neither load nor store
   * their camera's state.
   */
  private <S extends CameraState> void explainWith(
      FrameExplainer<S> explainer, List<Decoded> decoded) {
    CameraStates<S> states = new CameraStates<>(cameras, explainer.method());
    List<FrameExplainer.BatchFrame> frames =
        decoded.stream().filter(d -> !d.skipped()).map(Decoded::frame).toList();
    List<FrameExplainer.Outcome<S>> outcomes = List.of();
    RuntimeException failure = null;
    if (!frames.isEmpty()) {
      long start = clock.getAsLong();
      long t0 = System.nanoTime();
      try {
        Map<String, S> before =
            states.load(frames.stream().map(FrameExplainer.BatchFrame::camera).toList());
        outcomes = explainer.explainBatch(frames, before);
      } catch (RuntimeException e) {
        failure = e;
      }
      // each live frame's share of the batch, decode included: what the fair share divides
      double perFrameMs = (System.nanoTime() - t0) / 1e6 / frames.size();
      for (Decoded d : decoded) {
        if (!d.skipped() && d.record().getLive()) {
          live.explained(d.record().getCameraId(), start, perFrameMs + d.decodeMs());
        }
      }
    }
    int next = 0;
    for (Decoded d : decoded) {
      if (d.skipped()) {
        skips.publish(explainer, d.source(), d.record(), d.skip(), d.decodeMs());
      } else if (failure != null) {
        fail(d, failure);
      } else {
        publish(explainer, states, d, outcomes.get(next++));
      }
    }
  }

  /**
   * Forwards one frame's explanation and events and stores its camera's state, or dead-letters it.
   */
  private <S extends CameraState> void publish(
      FrameExplainer<S> explainer,
      CameraStates<S> states,
      Decoded d,
      FrameExplainer.Outcome<S> outcome) {
    Frame frame = d.record();
    String camera = frame.getCameraId();
    if (outcome.error() != null) {
      LOG.warn("{}: explanation failed: {}", where(frame), outcome.error().toString());
      outputs.deadLetter(d.source(), where(frame) + ": explanation failed: " + outcome.error());
      return;
    }
    ExplainedFrame<S> explained = outcome.frame();
    Explanation explanation;
    try {
      double explainMs = explained.timingsMs().getOrDefault("explain", 0.0);
      explanation =
          ExplanationMapper.toRecord(
              camera,
              frame.getSequence(),
              frame.getCaptureTimestampMs(),
              explained,
              explainer.model().spec(),
              explainer.method().name(),
              explainer.method().mode(),
              Map.of("decode", d.decodeMs(), "total", d.decodeMs() + explainMs));
    } catch (RuntimeException e) {
      outputs.deadLetter(d.source(), where(frame) + ": explanation failed: " + e);
      return;
    }
    states.put(camera, explained.next());
    Tracking tracking = explained.saliency().tracking();
    if (tracking.tracked()) {
      metrics.streamed(
          camera,
          tracking.scoring().reset(),
          tracking.scoring().changed(),
          tracking.scoring().refresh(),
          tracking.reset());
    }
    outputs.explanation(camera, explanation, d.source().timestamp());
    for (TrackEvent e : tracking.events()) {
      outputs.event(camera, frame.getSequence(), e, d.source().timestamp());
    }
    metrics.explained(
        camera,
        explanation.getTimingsMs().getOrDefault("total", 0f) / 1e3,
        System.currentTimeMillis() - frame.getCaptureTimestampMs());
  }

  /** Dead-letters every frame: without an explainer not even a skip record can be built. */
  private void failAll(List<Decoded> decoded, RuntimeException e) {
    for (Decoded d : decoded) {
      fail(d, e);
    }
  }

  private void fail(Decoded d, RuntimeException e) {
    LOG.warn("{}: explanation failed: {}", where(d.record()), e.toString());
    outputs.deadLetter(d.source(), where(d.record()) + ": explanation failed: " + e);
  }

  private static String where(Frame frame) {
    return "frame " + frame.getCameraId() + "#" + frame.getSequence();
  }
}
