package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SaliencyMethodsTest {

  @Test
  void everyNameBuildsTheMethodOfThatName() {
    for (String name : SaliencyMethods.NAMES) {
      for (String mode : new String[] {"full", "streaming"}) {
        SaliencyMethod<?> m = SaliencyMethods.create(name, mode, StreamingConfig.defaults());
        assertEquals(name, m.name(), name + " " + mode);
      }
    }
    assertEquals(
        java.util.List.of("decomcam", "gradcam", "gradcampp", "scorecam"), SaliencyMethods.NAMES);
  }

  @Test
  void onlyDecomCamStreams() {
    StreamingConfig s = StreamingConfig.defaults();
    assertInstanceOf(StreamingDecomCam.class, SaliencyMethods.create("decomcam", "streaming", s));
    assertInstanceOf(DecomCam.class, SaliencyMethods.create("decomcam", "full", s));
    assertInstanceOf(GradCam.class, SaliencyMethods.create("gradcam", "streaming", s));
    assertInstanceOf(GradCamPlusPlus.class, SaliencyMethods.create("gradcampp", "streaming", s));
    assertInstanceOf(ScoreCam.class, SaliencyMethods.create("scorecam", "streaming", s));
    for (String name : new String[] {"gradcam", "gradcampp", "scorecam"}) {
      assertEquals("full", SaliencyMethods.create(name, "streaming", s).mode());
    }
  }

  @Test
  void unknownNamesAndModesSayWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SaliencyMethods.create("eigencam", "full", StreamingConfig.defaults()));
    assertTrue(e.getMessage().contains("decomcam, gradcam, gradcampp, scorecam"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SaliencyMethods.create("gradcam", "live", StreamingConfig.defaults()));
    assertTrue(e.getMessage().contains("full or streaming"), e.getMessage());
  }
}
