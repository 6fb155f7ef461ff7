package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decomcam.processor.decom.Correlation;
import dev.decomcam.processor.decom.GradCam;
import dev.decomcam.processor.decom.GradCamPlusPlus;
import dev.decomcam.processor.decom.ScoreCam;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.engine.ResizeMode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grad-CAM++ and Score-CAM on the real MobileNetV2 (ONNX Runtime) and the reference's 224×224
 * crops: both explain the same class as Grad-CAM, so their maps must correlate with Grad-CAM's.
 * Grad-CAM++ differs from Grad-CAM only in its channel weights and stays close to it; Score-CAM
 * weighs channels by masked scores instead of gradients and departs further. Both depart most on
 * kite, whose explained class (seashore) is a whole scene rather than an object, so the bounds hold
 * for every crop with a margin rather than only for the confident object photos. Prints each r.
 */
class MobileNetV2MethodsTest {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path REF = ROOT.resolve("../shared/reference/mobilenetv2");

  /** Lowest Pearson r of Grad-CAM++'s map to Grad-CAM's accepted on a reference crop. */
  static final double MIN_R_GRADCAMPP = 0.65;

  /** Lowest Pearson r of Score-CAM's map to Grad-CAM's accepted on a reference crop. */
  static final double MIN_R_SCORECAM = 0.65;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"eagle", "dog", "giraffe", "kite"})
  void mapsCorrelateWithGradCam(String name) throws Exception {
    assumeTrue(
        Files.isDirectory(REF.resolve("crops")),
        "../shared/reference/mobilenetv2 is absent: skipping the MobileNetV2 method comparison");
    BufferedImage crop = ImageIO.read(REF.resolve("crops/" + name + ".png").toFile());
    try (ExplainableModel model =
        ModelLoader.load(
            ROOT.resolve("models/mobilenetv2-imagenet.spec.json"),
            EngineOptions.defaults()
                .withEngine(EngineKind.ONNX_RUNTIME)
                .withResize(ResizeMode.NONE)
                .withThreads(2))) {
      ExplainedFrame<?> grad = new FrameExplainer<>(model, new GradCam(), -1).explain(crop);
      ExplainedFrame<?> pp = new FrameExplainer<>(model, new GradCamPlusPlus(), -1).explain(crop);
      ExplainedFrame<?> score = new FrameExplainer<>(model, new ScoreCam(), -1).explain(crop);
      assertEquals(grad.forward().target(), pp.forward().target(), "same class explained");
      assertEquals(grad.forward().target(), score.forward().target(), "same class explained");
      float[] g = grad.saliency().saliency();
      double rpp = Correlation.pearson(pp.saliency().saliency(), g);
      double rsc = Correlation.pearson(score.saliency().saliency(), g);
      System.out.printf(
          Locale.ROOT,
          "%s: class %d, r(gradcampp, gradcam) = %.4f, r(scorecam, gradcam) = %.4f,"
              + " scorecam %.0f ms%n",
          name,
          grad.forward().target(),
          rpp,
          rsc,
          score.saliency().timingsMs().get("saliency"));
      assertTrue(rpp >= MIN_R_GRADCAMPP, name + ": r(gradcampp, gradcam) = " + rpp);
      assertTrue(rsc >= MIN_R_SCORECAM, name + ": r(scorecam, gradcam) = " + rsc);
    }
  }
}
