package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  /** A clock that only moves when slept on or advanced by the test. */
  static final class FakeClock implements Pacer.Clock {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  @Test
  void realtimeReleasesFramesAtTheirPresentationTime() throws Exception {
    FakeClock clock = new FakeClock();
    Pacer p = new Pacer(Pacer.Mode.REALTIME, clock);
    long start = clock.now;
    for (int i = 0; i < 10; i++) {
      p.await(5_000_000L + i * 40_000L); // 25 fps from pts 5 s
      assertEquals(start + i * 40_000_000L, clock.now, "frame " + i);
    }
  }

  @Test
  void realtimeSubtractsTimeSpentWorking() throws Exception {
    FakeClock clock = new FakeClock();
    Pacer p = new Pacer(Pacer.Mode.REALTIME, clock);
    p.await(0);
    clock.now += 30_000_000L; // encoding and sending took 30 ms
    p.await(40_000L);
    assertEquals(List.of(10_000_000L), clock.sleeps);
  }

  @Test
  void fastNeverSleeps() throws Exception {
    FakeClock clock = new FakeClock();
    Pacer p = new Pacer(Pacer.Mode.FAST, clock);
    for (int i = 0; i < 100; i++) {
      p.await(i * 1_000_000L);
    }
    assertEquals(List.of(), clock.sleeps);
  }

  @Test
  void farBehindReanchorsInsteadOfBursting() throws Exception {
    FakeClock clock = new FakeClock();
    Pacer p = new Pacer(Pacer.Mode.REALTIME, clock);
    p.await(0);
    clock.now += 5_000_000_000L; // stalled 5 s (broker down)
    p.await(40_000L); // late: released at once and becomes the new anchor
    assertEquals(List.of(), clock.sleeps);
    p.await(80_000L);
    assertEquals(List.of(40_000_000L), clock.sleeps);
  }

  @Test
  void backwardsTimestampReanchors() throws Exception {
    FakeClock clock = new FakeClock();
    Pacer p = new Pacer(Pacer.Mode.REALTIME, clock);
    p.await(10_000_000L);
    p.await(10_040_000L);
    p.await(0); // stream restarted at 0
    p.await(40_000L);
    assertEquals(List.of(40_000_000L, 40_000_000L), clock.sleeps);
  }
}
