package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.GradCam;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.processor.npy.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end against the independent reference: the real MobileNetV2 on each engine, the real
 * masked scoring, the whole Decom-CAM and Grad-CAM, on the reference's 224×224 crops fed as they
 * are. The final maps must match the reference's (Pearson r ≥ 0.99, as its README asks of a
 * faithful port), and so must the predicted class.
 */
class MobileNetV2ExplainReferenceTest {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path REF = ROOT.resolve("../shared/reference/mobilenetv2");

  static Stream<Arguments> cases() {
    return Stream.of(EngineKind.PYTORCH, EngineKind.ONNX_RUNTIME)
        .flatMap(e -> Stream.of("eagle", "dog", "giraffe", "kite").map(n -> Arguments.of(e, n)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesReferenceMaps(EngineKind engine, String name) throws Exception {
    assumeTrue(Files.isDirectory(REF), "../shared/reference not present");
    BufferedImage crop = ImageIO.read(REF.resolve("crops/" + name + ".png").toFile());
    try (ExplainableModel model =
        ModelLoader.load(
            ROOT.resolve("models/mobilenetv2-imagenet.spec.json"),
            EngineOptions.defaults()
                .withEngine(engine)
                .withResize(ResizeMode.NONE)
                .withThreads(1))) {
      ExplainedFrame decom =
          new FrameExplainer(model, new DecomCam(DecomCamConfig.defaults()), -1).explain(crop);
      ExplainedFrame grad = new FrameExplainer(model, new GradCam(), -1).explain(crop);
      float[] refDecom = Npy.read(REF.resolve("decomcam/" + name + ".npy")).floats();
      float[] refGrad = Npy.read(REF.resolve("gradcam/" + name + ".npy")).floats();
      float[] logits = Npy.read(REF.resolve("extra/" + name + ".logits.npy")).floats();
      assertEquals(argmax(logits), decom.forward().top1(), "top-1 class");
      double rDecom = Correlation.pearson(decom.saliency().saliency(), refDecom);
      double rGrad = Correlation.pearson(grad.saliency().saliency(), refGrad);
      assertTrue(rDecom >= 0.99, engine + " " + name + ": Decom-CAM r = " + rDecom);
      assertTrue(rGrad >= 0.99, engine + " " + name + ": Grad-CAM r = " + rGrad);
      assertEquals(10, decom.saliency().components().size());
    }
  }

  static int argmax(float[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }
}
