package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.serde.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerCacheTest {
  private static Explanation explanation(String cam, long seq) {
    Explanation e = Explanations.of("cam", seq, List.of(10f, 20f, 200f, 150f), 100, 90, List.of());
    e.setCameraId(cam);
    e.setComponents(
        List.of(
            Explanations.component(1, 0.7f, Explanations.blob(7, 7, 3, 3, 1.2)),
            Explanations.component(2, 0.3f, Explanations.blob(7, 7, 1, 5, 1))));
    return e;
  }

  /** As the sink reads the camera's latest explanation: decoded anew from its bytes. */
  private static Explanation roundTrip(Explanation e) {
    return Topics.EXPLANATION_SERDE.decode(Topics.EXPLANATION_SERDE.encode(e));
  }

  @Test
  void theCamerasLatestExplanationIsFoundByContentAndFrameSize() {
    LayerCache<String> cache = new LayerCache<>(4, 1 << 20);
    Explanation e = explanation("a", 3);
    assertNull(cache.get(e, 640, 480));
    cache.put(e, 640, 480, "layers of a#3", 100);
    assertEquals("layers of a#3", cache.get(roundTrip(e), 640, 480), "the same explanation again");
    assertNull(cache.get(e, 320, 240), "another frame size");
    assertNull(cache.get(explanation("b", 3), 640, 480), "another camera");

    Explanation moved = roundTrip(e);
    moved.getSaliency().getData().put(500, (byte) 77);
    assertNull(cache.get(moved, 640, 480), "a camera that restarted its sequences");
    Explanation cropped = roundTrip(e);
    cropped.setCrop(List.of(11f, 20f, 200f, 150f));
    assertNull(cache.get(cropped, 640, 480), "another crop");
    Explanation weighed = roundTrip(e);
    weighed.getComponents().get(1).setWeight(0.9f);
    assertNull(cache.get(weighed, 640, 480), "components in another order");
    Explanation reshaped = roundTrip(e);
    reshaped.getComponents().get(0).getMap().getData().put(3, (byte) 1);
    assertNull(cache.get(reshaped, 640, 480), "another component map");
    Explanation fewer = roundTrip(e);
    fewer.setComponents(List.of(fewer.getComponents().get(0)));
    assertNull(cache.get(fewer, 640, 480), "fewer components");

    // a camera keeps one entry: its newest explanation
    cache.put(moved, 640, 480, "layers of a#3 after a restart", 100);
    assertEquals(1, cache.size());
    assertEquals("layers of a#3 after a restart", cache.get(moved, 640, 480));
    assertNull(cache.get(e, 640, 480));
  }

  @Test
  void leastRecentlyUsedCamerasGoBeyondTheBounds() {
    LayerCache<String> cache = new LayerCache<>(3, 1 << 30);
    for (String cam : List.of("a", "b", "c")) {
      cache.put(explanation(cam, 1), 64, 48, cam, 10);
    }
    cache.get(explanation("a", 1), 64, 48); // a is used again: b is now the oldest
    cache.put(explanation("d", 1), 64, 48, "d", 10);
    assertEquals(3, cache.size());
    assertNull(cache.get(explanation("b", 1), 64, 48), "b was evicted");
    assertEquals("a", cache.get(explanation("a", 1), 64, 48));

    for (int i = 0; i < 1000; i++) {
      cache.put(explanation("random-" + i, 1), 64, 48, "x", 10);
    }
    assertEquals(3, cache.size(), "random camera ids do not grow it");

    long one = cacheBytes(explanation("a", 1));
    LayerCache<String> small = new LayerCache<>(100, 2 * one + 2 * 1000);
    for (String cam : List.of("a", "b", "c", "d")) {
      small.put(explanation(cam, 1), 64, 48, cam, 1000);
    }
    assertEquals(2, small.size(), "the byte bound keeps two entries");
    assertTrue(small.bytes() <= 2 * one + 2 * 1000);
    LayerCache<String> tiny = new LayerCache<>(100, 1);
    tiny.put(explanation("a", 1), 64, 48, "a", 1000);
    assertEquals("a", tiny.get(explanation("a", 1), 64, 48), "the newest stays alone");
  }

  /** What an entry with no layers costs: the explanation's copied content. */
  private static long cacheBytes(Explanation e) {
    LayerCache<String> c = new LayerCache<>(1, Long.MAX_VALUE);
    c.put(e, 64, 48, "", 0);
    return c.bytes();
  }

  @Test
  void theRendererDrawsAReusedExplanationAsAFreshRendererAndRedrawsAChangedOne() {
    OverlayRenderer r = new OverlayRenderer();
    var frame = OverlayRendererTest.colourFrame(320, 240);
    Explanation e = explanation("cam", 3);
    OverlayRenderer.Reuse reuse = new OverlayRenderer.Reuse(5, 2, 80, false);
    r.render(frame, e, 10);
    assertSamePicture(
        new OverlayRenderer().renderReused(frame, e, reuse, 10),
        r.renderReused(frame, roundTrip(e), reuse, 10));

    // the camera restarted: sequence 3 again, another picture
    Explanation other = roundTrip(e);
    other.setSaliency(Explanations.blob(224, 224, 30, 40, 15));
    assertSamePicture(
        new OverlayRenderer().renderReused(frame, other, reuse, 10),
        r.renderReused(frame, other, reuse, 10));
    // and another frame size
    var small = OverlayRendererTest.colourFrame(300, 200);
    assertSamePicture(
        new OverlayRenderer().renderReused(small, other, reuse, 10),
        r.renderReused(small, other, reuse, 10));

    for (int i = 0; i < OverlayRenderer.CACHED_CAMERAS + 44; i++) {
      r.render(frame, explanation("cam-" + i, 1), 1);
    }
    assertEquals(OverlayRenderer.CACHED_CAMERAS, r.cachedCameras());
  }

  private static void assertSamePicture(
      dev.decomcam.common.image.Yuv420 expected, dev.decomcam.common.image.Yuv420 actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.y(), actual.y());
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.u(), actual.u());
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.v(), actual.v());
  }
}
