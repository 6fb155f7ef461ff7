package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void belowTheExactLimitItAgreesWithPercentiles() {
    Random random = new Random(7);
    Histogram h = new Histogram();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      long v = (long) Math.abs(random.nextGaussian() * 3000);
      h.add(v);
      values.add(v);
    }
    Percentiles exact = new Percentiles(values);
    for (double p : new double[] {0, 1, 50, 90, 99, 99.9, 100}) {
      assertEquals(exact.get(p), h.get(p), "p" + p);
    }
    assertEquals(exact.mean(), h.mean(), 1e-9);
    assertEquals(5000, h.count());
  }

  @Test
  void aboveItIsWithinItsRelativeResolution() {
    Histogram h = new Histogram();
    long[] values = {70_000, 123_456, 9_999_999, 3_600_000_000L};
    for (long v : values) {
      h.add(v);
      Histogram one = new Histogram();
      one.add(v);
      double got = one.get(50);
      assertTrue(Math.abs(got - v) <= v / (double) Histogram.SUB, v + " read back as " + got);
    }
    assertEquals(4, h.count());
  }

  @Test
  void emptyIsNaNAndExtremesAreClamped() {
    Histogram h = new Histogram();
    assertEquals(Double.NaN, h.get(50));
    h.add(-5);
    assertEquals(0, h.get(50));
    h.add(Long.MAX_VALUE);
    assertTrue(h.get(100) > 1e12);
  }
}
