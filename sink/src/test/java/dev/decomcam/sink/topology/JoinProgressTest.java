package dev.decomcam.sink.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JoinProgressTest {

  @Test
  void theFrameIntervalIsTheCaptureTimePerSequenceStep() {
    JoinProgress p = JoinProgress.NONE.withFrame(0, 10_000);
    assertEquals(-1, p.frameIntervalMs(), "one frame: not known yet");
    p = p.withFrame(1, 10_500);
    assertEquals(500, p.frameIntervalMs());
    p = p.withFrame(5, 11_300);
    assertEquals(200, p.frameIntervalMs(), "800 ms over four steps");
    p = p.withFrame(6, 11_000);
    assertEquals(200, p.frameIntervalMs(), "time went back (a clock step): kept");
    assertEquals(11_000, p.lastCaptureMs());
  }

  @Test
  void aValueRoundTripsAndAnEarlierVersionsValueReadsWithTheIntervalUnknown() {
    JoinProgress p = new JoinProgress(7, 5, 12_345, 40);
    assertEquals(p, JoinProgress.of(p.bytes()));
    byte[] earlier = ByteBuffer.allocate(16).putLong(7).putLong(5).array();
    assertEquals(new JoinProgress(7, 5, -1, -1), JoinProgress.of(earlier));
    assertEquals(JoinProgress.NONE, JoinProgress.of(null));
  }
}
