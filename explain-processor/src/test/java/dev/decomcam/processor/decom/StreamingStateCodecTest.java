package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.track.Track;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingStateCodecTest {

  static final DecomCamConfig DECOM = DecomCamConfig.defaults().withSigma(3).withComponents(5);

  private static StreamingState stateAfter(int frames, Drifting v, StreamingDecomCam cam) {
    StreamingState s = StreamingState.cold();
    for (int t = 0; t < frames; t++) {
      s =
          cam.explain(
                  v.image(t),
                  v.features(t),
                  v.linearScorer(new int[1]),
                  new FrameContext(4, 100L * t),
                  s)
              .next();
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
    assertArrayEquals(
        Arrays.copyOf(s.basis().data, s.basis().getNumElements()), d.basis().data, 0.0);
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

  /**
   * The encoder writes exactly the bytes the data-stream encoder of earlier releases wrote ({@link
   * LegacyStateEncoder}), on states from the method and on a hand-made one with every branch:
   * opposite-orientation scores, an estimate, NaN (with a payload), ±0, infinities, an empty basis.
   */
  @Test
  void encodesExactlyTheBytesOfTheFormerEncoder() {
    Drifting v = new Drifting(11, 36, 7, 7, 28, 28, 0.03);
    StreamingDecomCam cam = new StreamingDecomCam(StreamingConfig.of(DECOM));
    List<StreamingState> states =
        List.of(StreamingState.cold(), stateAfter(1, v, cam), stateAfter(6, v, cam), handMade());
    for (StreamingState s : states) {
      byte[] legacy = LegacyStateEncoder.encode(s);
      assertArrayEquals(legacy, StreamingStateCodec.encode(s), "state after " + s.frames());
      assertArrayEquals(legacy, StreamingStateCodec.encode(StreamingStateCodec.decode(legacy)));
    }
    StreamingState d = StreamingStateCodec.decode(StreamingStateCodec.encode(handMade()));
    StreamingState.Component flipped = d.components().get(0);
    assertEquals(-2.5, flipped.oppositeScore());
    assertEquals(3L, flipped.oppositeScoredAtFrame());
    assertArrayEquals(
        handMade().components().get(0).oppositeScoredMap(), flipped.oppositeScoredMap());
    assertTrue(Float.isNaN(flipped.track().map()[0]));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(flipped.scoredMap()[1]));
    assertTrue(Double.isNaN(d.components().get(1).score()));
    assertTrue(d.components().get(1).isEstimate());
  }

  private static StreamingState handMade() {
    float nanWithPayload = Float.intBitsToFloat(0x7fa00001);
    Track a = new Track(4, new float[] {nanWithPayload, 1.5f, -0f, Float.POSITIVE_INFINITY}, 9);
    Track b = new Track(7, new float[] {0.25f, -0.5f, Float.MIN_VALUE, -Float.MAX_VALUE}, 1);
    DMatrixRMaj basis = new DMatrixRMaj(3, 2);
    basis.data = new double[] {1, -0.0, Double.NaN, Double.MIN_VALUE, -1e300, 0.5};
    return new StreamingState(
        12,
        1_700_000_000_123L,
        5,
        40,
        2,
        2,
        new int[] {3, 17, 39},
        basis,
        new float[] {0.1f, Float.intBitsToFloat(0xffc00042), -3f},
        8,
        List.of(
            new StreamingState.Component(
                a, 1.25, 11, new float[] {1, -0f, 2, 3}, -2.5, 3, new float[] {-1, 0, 0.5f, 9}),
            StreamingState.Component.estimated(b, Double.NaN, 12)));
  }

  /**
   * A state the data-stream codec of commit d5c8b6f stored (the v3 fixture: see {@code
   * src/test/resources/state-fixtures/README.md}) decodes and encodes back to the same bytes.
   */
  @Test
  void aStateStoredByTheDataStreamCodecIsWrittenBackByteForByte() throws IOException {
    byte[] bytes = fixture(3);
    assertEquals(3, bytes[4], "the fixture's format version");
    StreamingState s = StreamingStateCodec.decode(bytes);
    assertEquals(6, s.frames());
    assertEquals(22, s.targetClass());
    assertEquals(100, s.basis().numRows);
    assertEquals(784, s.scene().length);
    assertEquals(10, s.components().size());
    assertArrayEquals(bytes, StreamingStateCodec.encode(s));
    assertArrayEquals(bytes, LegacyStateEncoder.encode(s));
  }

  /**
   * Real states written by the former releases' codecs (v1 and v2: see {@code
   * src/test/resources/state-fixtures/README.md}) after 6 frames of MobileNetV2 on a pan over
   * eagle.jpg: today's codec reads their content, drops only their scene signature (computed
   * another way), and the next frame resumes with the stored components instead of a spurious
   * scene-cut reset.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aStateStoredByAFormerReleaseResumesWithoutASpuriousSceneCut(int version) throws IOException {
    byte[] bytes = fixture(version);
    assertEquals(version, bytes[4], "the fixture's format version");
    StreamingState old = StreamingStateCodec.decode(bytes);
    assertEquals(6, old.frames());
    assertEquals(200L, old.lastSeenMs());
    assertEquals(22, old.targetClass(), "bald eagle");
    assertEquals(1280, old.featureChannels());
    assertEquals(7, old.featureHeight());
    assertEquals(7, old.featureWidth());
    assertEquals(100, old.channels().length);
    assertArrayEquals(new int[] {11, 39, 44, 49, 76}, Arrays.copyOf(old.channels(), 5));
    assertEquals(100, old.basis().numRows);
    assertEquals(15, old.basis().numCols);
    assertEquals(0, old.scene().length, "the old signature is not kept");
    assertEquals(10, old.nextId());
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5, 7, 6, 9, 8),
        old.components().stream().map(c -> c.track().id()).toList());
    for (StreamingState.Component c : old.components()) {
      assertEquals(6, c.track().age(), "age of " + c.track().id());
      assertEquals(49, c.track().map().length);
      assertTrue(
          Double.isFinite(c.score()) && c.scoredAtFrame() >= 0 && c.scoredAtFrame() < 6,
          "score of " + c.track().id() + ": " + c.score() + " at frame " + c.scoredAtFrame());
    }
    StreamingState again = StreamingStateCodec.decode(StreamingStateCodec.encode(old));
    assertEquals(
        StreamingStateCodec.VERSION,
        StreamingStateCodec.encode(old)[4],
        "written back in today's format");
    assertArrayEquals(StreamingStateCodec.encode(old), StreamingStateCodec.encode(again));

    // the next frame of the same pan, explained by today's method from the old state
    Path root = Path.of(System.getProperty("decomcam.root", "..")).toAbsolutePath().normalize();
    Path eagle = root.resolve("../shared/media/photos/eagle.jpg").normalize();
    Path spec = root.resolve("models/mobilenetv2-imagenet.onnx.spec.json");
    assumeTrue(
        Files.isRegularFile(eagle) && Files.isRegularFile(spec),
        "../shared absent: resume part skipped");
    BufferedImage photo = ImageIO.read(eagle.toFile());
    BufferedImage frame6 =
        photo.getSubimage(
            (photo.getWidth() - 360) / 2 + 2 * 6, (photo.getHeight() - 360) / 2, 360, 360);
    try (ExplainableModel model = ModelLoader.load(spec, EngineOptions.defaults())) {
      ModelInput x = model.prepare(frame6).input();
      ForwardResult fw = model.forward(x, 22);
      Explained<StreamingState> f =
          new StreamingDecomCam(StreamingConfig.defaults())
              .explain(x, fw.features(), model.scorer(22), new FrameContext(22, 240L), old);
      Tracking tr = f.result().tracking();
      assertFalse(tr.reset(), "no reset on the first frame after the old state");
      assertTrue(
          Double.isNaN(tr.sceneSimilarity()),
          "no scene-cut check without a comparable signature: " + tr.sceneSimilarity());
      assertEquals(
          old.components().get(0).track().id(),
          tr.components().get(0).id(),
          "the leading component kept");
      assertTrue(
          tr.components().stream().allMatch(c -> c.id() < 10),
          "no new ids on a 2-pixel step: " + tr.components().stream().map(c -> c.id()).toList());
      assertEquals(7, f.next().frames());
      assertTrue(f.next().scene().length > 0, "the next frame compares again");
    }
  }

  private static byte[] fixture(int version) throws IOException {
    String name = "/state-fixtures/v" + version + "-mobilenetv2-eagle-pan-6-frames.bin";
    try (InputStream in = StreamingStateCodecTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "test resource " + name);
      return in.readAllBytes();
    }
  }

  @Test
  void aRestartedProcessorResumesWarmAndExactlyWhereItLeftOff() {
    // exactBelow 0 forces the warm-started iteration even at this size, to show it resumes from the
    // stored basis
    for (WarmStartSvd svd :
        new WarmStartSvd[] {new WarmStartSvd(), new WarmStartSvd(5, 1e-8, 100, 0)}) {
      Drifting v = new Drifting(12, 40, 8, 8, 32, 32, 0.03);
      StreamingState s = stateAfter(5, v, new StreamingDecomCam(StreamingConfig.of(DECOM), svd));
      StreamingState restored = StreamingStateCodec.decode(StreamingStateCodec.encode(s));
      Explained<StreamingState> a =
          new StreamingDecomCam(StreamingConfig.of(DECOM), svd)
              .explain(
                  v.image(5),
                  v.features(5),
                  v.linearScorer(new int[1]),
                  new FrameContext(4, 500),
                  s);
      Explained<StreamingState> b =
          new StreamingDecomCam(StreamingConfig.of(DECOM), svd)
              .explain(
                  v.image(5),
                  v.features(5),
                  v.linearScorer(new int[1]),
                  new FrameContext(4, 500),
                  restored);
      assertTrue(
          !b.result().tracking().reset()
              && b.result().tracking().maskedForwards() < b.result().tracking().components().size(),
          "resumed warm: no reset, scores reused");
      assertEquals(a.result().tracking().svdIterations(), b.result().tracking().svdIterations());
      assertEquals(a.result().tracking().maskedForwards(), b.result().tracking().maskedForwards());
      assertArrayEquals(a.result().saliency(), b.result().saliency(), 0f);
      for (int i = 0; i < a.result().tracking().components().size(); i++) {
        assertEquals(
            a.result().tracking().components().get(i).id(),
            b.result().tracking().components().get(i).id());
      }
    }
  }

  @Test
  void foreignOrDamagedBytesFailWithOneLine() {
    Drifting v = new Drifting(13, 20, 5, 5, 20, 20, 0.03);
    byte[] bytes =
        StreamingStateCodec.encode(
            stateAfter(2, v, new StreamingDecomCam(StreamingConfig.of(DECOM))));
    byte[] version = bytes.clone();
    version[4] = 9;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(version));
    assertEquals(
        "streaming state: format version 9, this build reads 1 to 3: delete the camera's entry from"
            + " the state store to start cold",
        e.getMessage());
    byte[] next = bytes.clone();
    next[4] = (byte) (StreamingStateCodec.VERSION + 1);
    assertThrows(
        IllegalArgumentException.class, () -> StreamingStateCodec.decode(next), "a future version");
    assertThrows(
        IllegalArgumentException.class, () -> StreamingStateCodec.decode(new byte[] {1, 2, 3}));
    IllegalArgumentException t =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamingStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 7)));
    assertTrue(t.getMessage().startsWith("streaming state: corrupt record"), t.getMessage());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(IllegalArgumentException.class, () -> StreamingStateCodec.decode(longer));
  }
}
