package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A frame decoded smaller, as far as the model's resize allows ({@link
 * ExplainableModel#sourceReduction}), is explained as the whole frame is: same class, nearly the
 * same map, and the same rectangle of the frame. The bundled model (128×128 stretch) on 640×480
 * JPEG frames, which it lets decode at half size.
 */
class ReducedDecodeTest {

  @Test
  void aHalfSizeDecodeExplainsAsTheWholeFrame() {
    try (ExplainableModel model =
        ModelLoader.load(
            BatchedFramesTest.SPEC,
            EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME).withThreads(1))) {
      assertEquals(2, model.sourceReduction(640, 480));
      JpegCodec codec = new JpegCodec(0.85);
      FrameExplainer<StreamingState> whole = explainer(model);
      FrameExplainer<StreamingState> reduced = explainer(model);
      var wholeStates = new HashMap<String, StreamingState>();
      var reducedStates = new HashMap<String, StreamingState>();
      double minR = 1;
      for (int t = 0; t < 6; t++) {
        byte[] jpeg = codec.encode(scene(t)).bytes();
        JpegCodec.Reduced r =
            JpegCodec.decodeReduced(jpeg, PixelLimit.DEFAULT, model::sourceReduction);
        assertEquals(320, r.image().getWidth());
        var a =
            whole
                .explainBatch(
                    List.of(new FrameExplainer.BatchFrame(JpegCodec.decode(jpeg), "c", t)),
                    wholeStates)
                .get(0);
        var b =
            reduced
                .explainBatch(
                    List.of(
                        new FrameExplainer.BatchFrame(
                            r.image(), "c", t, r.reduction(), r.width(), r.height())),
                    reducedStates)
                .get(0);
        assertNull(a.error());
        assertNull(b.error());
        assertEquals(a.frame().forward().target(), b.frame().forward().target(), "frame " + t);
        double corr =
            Correlation.pearson(a.frame().saliency().saliency(), b.frame().saliency().saliency());
        minR = Math.min(minR, corr);
        assertEquals(0, b.frame().prepared().cropX());
        assertEquals(0, b.frame().prepared().cropY());
        assertEquals(640, b.frame().prepared().cropWidth());
        assertEquals(480, b.frame().prepared().cropHeight());
      }
      System.out.printf("reduced decode: min saliency r vs whole decode %.4f%n", minR);
      assertTrue(minR > 0.95, "saliency r " + minR);
    }
  }

  private static FrameExplainer<StreamingState> explainer(ExplainableModel model) {
    return new FrameExplainer<>(model, new StreamingDecomCam(StreamingConfig.defaults()), -1, 2);
  }

  /** A textured grey 640×480 frame with a disc and a bar that move a few pixels per frame. */
  private static BufferedImage scene(int t) {
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
    Random noise = new Random(t);
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 640; x++) {
        int v = 80 + noise.nextInt(24);
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    Graphics2D g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillOval(120 + 8 * t, 140 + 3 * t, 160, 160);
    g.setColor(Color.WHITE);
    g.fillRect(440 - 6 * t, 300, 100, 60);
    g.dispose();
    return img;
  }
}
