package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamingStateCodecTest {

  static final DecomCamConfig DECOM = DecomCamConfig.defaults().withSigma(3).withComponents(5);

  private static StreamingState stateAfter(int frames, Drifting v, StreamingDecomCam cam) {
    StreamingState s = StreamingState.cold();
    for (int t = 0; t < frames; t++) {
      s = cam.explain(v.image(t), v.features(t), v.linearScorer(new int[1]), new FrameContext(4, 100L * t), s).next();
    }
    return s;
  }

  @Test
  void roundTripKeepsEveryField() {
    Drifting v = new Drifting(11, 36, 7, 7, 28, 28, 0.03);
    StreamingState s = stateAfter(4, v, new StreamingDecomCam(StreamingConfig.of(DECOM)));
    byte[] bytes = StreamingStateCodec.encode(s);
    StreamingState d = StreamingStateCodec.decode(bytes);
    assertEquals(s.frames(), d.frames());
    assertEquals(300L, d.lastSeenMs());
    assertEquals(4, d.targetClass());
    assertEquals(36, d.featureChannels());
    assertEquals(7, d.featureHeight());
    assertEquals(7, d.featureWidth());
    assertEquals(s.nextId(), d.nextId());
    assertArrayEquals(s.channels(), d.channels());
    assertEquals(s.basis().numRows, d.basis().numRows);
    assertEquals(s.basis().numCols, d.basis().numCols);
    assertArrayEquals(Arrays.copyOf(s.basis().data, s.basis().getNumElements()), d.basis().data, 0.0);
    assertArrayEquals(s.scene(), d.scene());
    assertEquals(s.components().size(), d.components().size());
    for (int i = 0; i < s.components().size(); i++) {
      StreamingState.Component a = s.components().get(i);
      StreamingState.Component b = d.components().get(i);
      assertEquals(a.track().id(), b.track().id());
      assertEquals(a.track().age(), b.track().age());
      assertArrayEquals(a.track().map(), b.track().map());
      assertEquals(a.score(), b.score());
      assertEquals(a.scoredAtFrame(), b.scoredAtFrame());
      assertArrayEquals(a.scoredMap(), b.scoredMap());
      assertEquals(a.oppositeScore(), b.oppositeScore());
      assertEquals(a.oppositeScoredAtFrame(), b.oppositeScoredAtFrame());
      assertArrayEquals(a.oppositeScoredMap(), b.oppositeScoredMap());
    }
    assertArrayEquals(bytes, StreamingStateCodec.encode(d));
    assertTrue(bytes.length < 16_000, "compact: " + bytes.length + " bytes");
  }

  @Test
  void aStateFromTheFormerFormatResumesWithoutASpuriousSceneCut() {
    Drifting v = new Drifting(12, 40, 8, 8, 32, 32, 0.03);
    StreamingState s = stateAfter(5, v, new StreamingDecomCam(StreamingConfig.of(DECOM)));
    byte[] bytes = StreamingStateCodec.encode(s);
    bytes[4] = 2; // the version byte after the magic: version 2's layout, its signature computed another way
    StreamingState old = StreamingStateCodec.decode(bytes);
    assertEquals(0, old.scene().length, "the old signature is not kept");
    Explained<StreamingState> f = new StreamingDecomCam(StreamingConfig.of(DECOM)).explain(v.image(5), v.features(5), v.linearScorer(new int[1]), new FrameContext(4, 500), old);
    assertTrue(!f.result().tracking().reset() && Double.isNaN(f.result().tracking().sceneSimilarity()), "resumed, no cut check: " + f.result().tracking().sceneSimilarity());
    assertEquals(s.components().get(0).track().id(), f.result().tracking().components().get(0).id());
    assertTrue(f.next().scene().length > 0, "the next frame compares again");
    bytes[4] = (byte) (StreamingStateCodec.VERSION + 1);
    byte[] future = bytes;
    assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(future));
  }

  @Test
  void aRestartedProcessorResumesWarmAndExactlyWhereItLeftOff() {
    // exactBelow 0 forces the warm-started iteration even at this size, to show it resumes from the stored basis
    for (WarmStartSvd svd : new WarmStartSvd[] {new WarmStartSvd(), new WarmStartSvd(5, 1e-8, 100, 0)}) {
      Drifting v = new Drifting(12, 40, 8, 8, 32, 32, 0.03);
      StreamingState s = stateAfter(5, v, new StreamingDecomCam(StreamingConfig.of(DECOM), svd));
      StreamingState restored = StreamingStateCodec.decode(StreamingStateCodec.encode(s));
      Explained<StreamingState> a = new StreamingDecomCam(StreamingConfig.of(DECOM), svd).explain(v.image(5), v.features(5), v.linearScorer(new int[1]), new FrameContext(4, 500), s);
      Explained<StreamingState> b = new StreamingDecomCam(StreamingConfig.of(DECOM), svd).explain(v.image(5), v.features(5), v.linearScorer(new int[1]), new FrameContext(4, 500), restored);
      assertTrue(!b.result().tracking().reset() && b.result().tracking().maskedForwards() < b.result().tracking().components().size(), "resumed warm: no reset, scores reused");
      assertEquals(a.result().tracking().svdIterations(), b.result().tracking().svdIterations());
      assertEquals(a.result().tracking().maskedForwards(), b.result().tracking().maskedForwards());
      assertArrayEquals(a.result().saliency(), b.result().saliency(), 0f);
      for (int i = 0; i < a.result().tracking().components().size(); i++) {
        assertEquals(a.result().tracking().components().get(i).id(), b.result().tracking().components().get(i).id());
      }
    }
  }

  @Test
  void foreignOrDamagedBytesFailWithOneLine() {
    Drifting v = new Drifting(13, 20, 5, 5, 20, 20, 0.03);
    byte[] bytes = StreamingStateCodec.encode(stateAfter(2, v, new StreamingDecomCam(StreamingConfig.of(DECOM))));
    byte[] version = bytes.clone();
    version[4] = 9;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(version));
    assertEquals("streaming state: format version 9, this build reads 1 to 3: delete the camera's entry from the state "
        + "store to start cold", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(new byte[] {1, 2, 3}));
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> StreamingStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 7)));
    assertTrue(t.getMessage().startsWith("streaming state: corrupt record"), t.getMessage());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(longer));
  }
}
