package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.decom.TrackedOssm;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Frames of several cameras through one batched forward give what frame-by-frame explanation gives:
 * the same logits and features, the same targets (a camera's sticky class carried from its earlier
 * frame in the batch), the same maps and component ids. Real engines, the bundled model.
 */
class BatchedFramesTest {
  static final Path SPEC =
      Path.of(System.getProperty("decomcam.root", "..")).resolve("models/demo-shapes/spec.json");

  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void aBatchOfTwoCamerasMatchesFrameByFrame(EngineKind engine) {
    try (ExplainableModel model =
        ModelLoader.load(SPEC, EngineOptions.defaults().withEngine(engine).withThreads(1))) {
      List<FrameExplainer.BatchFrame> frames = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        frames.add(new FrameExplainer.BatchFrame(scene(t, Color.RED, 20), "a", 1000 + t));
        frames.add(new FrameExplainer.BatchFrame(scene(t, Color.BLUE, 70), "b", 1000 + t));
      }
      // the engine: one batched call = the single forwards
      List<ToIntFunction<float[]>> top1 = new ArrayList<>();
      List<dev.decomcam.processor.decom.ModelInput> inputs = new ArrayList<>();
      for (FrameExplainer.BatchFrame f : frames) {
        inputs.add(model.prepare(f.image()).input());
        top1.add(ForwardResult::argmax);
      }
      List<ForwardResult> batched = model.forward(inputs, top1);
      for (int i = 0; i < inputs.size(); i++) {
        ForwardResult single = model.forward(inputs.get(i), -1);
        assertArrayEquals(single.logits(), batched.get(i).logits(), 1e-3f, "logits of frame " + i);
        assertArrayEquals(
            single.features().activations(), batched.get(i).features().activations(), 1e-3f);
        assertArrayEquals(
            single.features().gradients(), batched.get(i).features().gradients(), 1e-6f);
        assertEquals(single.target(), batched.get(i).target());
      }

      // the explainer: frame by frame vs two batches of four (states carried across batches)
      FrameExplainer<StreamingState> one = explainer(model);
      Map<String, StreamingState> own = new HashMap<>();
      List<ExplainedFrame<StreamingState>> expected = new ArrayList<>();
      for (FrameExplainer.BatchFrame f : frames) {
        ExplainedFrame<StreamingState> e =
            one.explain(
                f.image(), f.timestampMs(), own.getOrDefault(f.camera(), StreamingState.cold()));
        own.put(f.camera(), e.next());
        expected.add(e);
      }
      FrameExplainer<StreamingState> many = explainer(model);
      Map<String, StreamingState> states = new HashMap<>();
      List<FrameExplainer.Outcome<StreamingState>> got =
          new ArrayList<>(many.explainBatch(frames.subList(0, 4), states));
      got.addAll(many.explainBatch(frames.subList(4, 8), states));
      assertEquals(8, got.size());
      for (int i = 0; i < 8; i++) {
        assertNull(got.get(i).error(), "frame " + i);
        ExplainedFrame<StreamingState> e = expected.get(i);
        ExplainedFrame<StreamingState> b = got.get(i).frame();
        assertEquals(e.forward().target(), b.forward().target(), "target of frame " + i);
        assertTrue(
            Correlation.pearson(e.saliency().saliency(), b.saliency().saliency()) > 0.999,
            "map of frame " + i);
        assertEquals(ids(e), ids(b), "component ids of frame " + i);
        assertEquals(e.saliency().tracking().reset(), b.saliency().tracking().reset());
      }
      assertEquals(own.keySet(), states.keySet());
      assertEquals(own.get("a").frames(), states.get("a").frames());
    }
  }

  private static FrameExplainer<StreamingState> explainer(ExplainableModel model) {
    return new FrameExplainer<>(model, new StreamingDecomCam(StreamingConfig.defaults()), -1, 2);
  }

  private static List<Integer> ids(ExplainedFrame<?> e) {
    return e.saliency().tracking().components().stream().map(TrackedOssm::id).toList();
  }

  /** A grey frame with a coloured disc that moves a few pixels per frame. */
  private static BufferedImage scene(int t, Color colour, int x) {
    BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(90, 90, 90));
    g.fillRect(0, 0, 160, 120);
    g.setColor(colour);
    g.fillOval(x + 3 * t, 30 + t, 40, 40);
    g.setColor(Color.WHITE);
    g.fillRect(120 - 2 * t, 80, 25, 15);
    g.dispose();
    return img;
  }
}
