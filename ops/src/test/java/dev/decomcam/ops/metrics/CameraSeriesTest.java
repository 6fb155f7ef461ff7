package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Per-camera label series go when their camera has been silent for the idle time, in the
 * processor's, ingest's and sink's metrics alike (a fake clock).
 */
class CameraSeriesTest {
  private static final Duration IDLE = Duration.ofSeconds(300);
  private final AtomicLong clock = new AtomicLong(1_000);

  private void advanceSeconds(long s) {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
  }

  /**
   * The exposition after a scrape: the registry collects in no fixed order, so the sweep a scrape
   * does shows from the next one on.
   */
  private static String afterAScrape(io.prometheus.metrics.model.registry.PrometheusRegistry r) {
    Scrapes.text(r);
    return Scrapes.text(r);
  }

  @Test
  void theProcessorDropsTheSeriesOfAnIdleCameraOnTheNextScrape() {
    try (PrometheusMetrics m = new PrometheusMetrics(IDLE, clock::get)) {
      m.explained("gone", 0.05, 100);
      m.streamed("gone", 4, 1, 0, true);
      m.skipped("gone", 700);
      m.explained("live", 0.05, 100);
      advanceSeconds(200);
      m.explained("live", 0.05, 100);
      String before = Scrapes.text(m.registry());
      assertTrue(before.contains("camera=\"gone\""), "not idle yet: " + before);
      advanceSeconds(150); // "gone" silent 350 s, "live" 150 s
      String after = afterAScrape(m.registry());
      assertFalse(after.contains("camera=\"gone\""), "every series of the idle camera: " + after);
      assertTrue(after.contains("decomcam_frames_explained_total{camera=\"live\"} 2.0"), after);
      m.explained("gone", 0.05, 100); // back: it counts again from 0
      assertTrue(
          Scrapes.text(m.registry())
              .contains("decomcam_frames_explained_total{camera=\"gone\"} 1.0"));
    }
  }

  @Test
  void aReportedCameraSweepsTheIdleOnesWithoutAScrape() {
    try (PrometheusMetrics m = new PrometheusMetrics(IDLE, clock::get)) {
      for (int i = 0; i < 1000; i++) {
        m.explained("random-" + i, 0.01, 1);
      }
      advanceSeconds(301);
      m.explained("one", 0.01, 1);
      String text = Scrapes.text(m.registry());
      assertFalse(text.contains("random-"), "1000 idle cameras removed");
      assertTrue(text.contains("camera=\"one\""));
    }
  }

  @Test
  void ingestDropsTheSeriesOfAnIdleCamera() {
    try (IngestPrometheusMetrics m = new IngestPrometheusMetrics(IDLE, clock::get)) {
      m.connected("gone", true);
      m.published("gone");
      m.outageStarted("gone", "eof");
      m.published("live");
      advanceSeconds(299);
      m.published("live");
      assertTrue(Scrapes.text(m.registry()).contains("camera=\"gone\""));
      advanceSeconds(2);
      String after = afterAScrape(m.registry());
      assertFalse(after.contains("camera=\"gone\""), after);
      assertTrue(after.contains("decomcam_ingest_frames_published_total{camera=\"live\"} 2.0"));
    }
  }

  @Test
  void theSinkDropsTheSeriesOfAnIdleCameraButKeepsDeadLetters() {
    try (SinkPrometheusMetrics m = new SinkPrometheusMetrics(IDLE, clock::get)) {
      m.overlay("gone", true, 250, 100, 4.0);
      m.deadLettered("frame");
      m.overlay("live", false, 250, 0, 4.0);
      advanceSeconds(301);
      m.overlay("live", false, 250, 0, 4.0);
      String after = afterAScrape(m.registry());
      assertFalse(after.contains("camera=\"gone\""), after);
      assertTrue(after.contains("decomcam_overlays_total{camera=\"live\"} 2.0"), after);
      assertTrue(after.contains("decomcam_dead_letters_total{stage=\"frame\"} 1.0"), after);
    }
  }
}
