package dev.decomcam.processor.decom;

import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelLoader;
import dev.decomcam.processor.track.TrackEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a test: streaming vs full Decom-CAM on the shared MobileNetV2 over a simulated
 * slow pan (a 360×360 window sliding 2 px per frame over eagle.jpg), then a hard cut to dog.jpg.
 * Runs only with {@code -Ddecomcam.bench=true -Dtest=StreamingRealBench} and ../shared present;
 * prints, asserts nothing.
 */
class StreamingRealBench {

  @Test
  void panThenCut() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    Path root = Path.of(System.getProperty("decomcam.root", ".")).toAbsolutePath().normalize();
    Path shared = root.resolve("../shared").normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(shared.resolve("models/mobilenetv2-imagenet/backbone.pt")));
    int frames = Integer.getInteger("decomcam.bench.frames", 60);
    BufferedImage eagle = ImageIO.read(shared.resolve("media/photos/eagle.jpg").toFile());
    BufferedImage dog = ImageIO.read(shared.resolve("media/photos/dog.jpg").toFile());
    try (ExplainableModel model =
        ModelLoader.load(
            root.resolve("models/mobilenetv2-imagenet.spec.json"), EngineOptions.defaults())) {
      StreamingConfig cfg =
          StreamingConfig.defaults()
              .withRefreshPerFrame(Integer.getInteger("decomcam.bench.refresh", 1))
              .withTracker(
                  dev.decomcam.processor.track.TrackerConfig.defaults()
                      .withSignSwitchRatio(
                          Double.parseDouble(
                              System.getProperty(
                                  "decomcam.bench.signRatio",
                                  String.valueOf(
                                      dev.decomcam.processor.track.TrackerConfig.defaults()
                                          .signSwitchRatio())))));
      StreamingDecomCam streaming = new StreamingDecomCam(cfg);
      DecomCam full = new DecomCam(DecomCamConfig.defaults());
      StreamingState state = StreamingState.cold();
      double[] r = new double[frames];
      double stabS = 0;
      double stabF = 0;
      long forwards = 0;
      int strongNew = 0;
      int target = -1;
      double fwdMs = 0;
      double fullScoringMs = 0;
      double streamScoringMs = 0;
      float[] prevS = null;
      float[] prevF = null;
      int side = Math.min(360, Math.min(eagle.getHeight(), eagle.getWidth() - 2 * frames));
      for (int t = 0; t <= frames; t++) {
        BufferedImage img =
            t < frames ? eagle.getSubimage(2 * t, (eagle.getHeight() - side) / 2, side, side) : dog;
        ModelInput x = model.prepare(img).input();
        ForwardResult fw = model.forward(x, target);
        target = t == 0 ? fw.target() : target;
        fwdMs +=
            fw.timingsMs().getOrDefault("forward", 0.0)
                + fw.timingsMs().getOrDefault("gradient", 0.0);
        Explained<StreamingState> fr =
            streaming.explain(
                x, fw.features(), model.scorer(target), new FrameContext(target, t), state);
        state = fr.next();
        if (t == frames) {
          System.out.printf(
              "bench real cut to dog.jpg: reset %s, scene similarity %.3f, events %s%n",
              fr.result().tracking().reset(),
              fr.result().tracking().sceneSimilarity(),
              fr.result().tracking().events().stream().map(e -> e.type() + ":" + e.id()).toList());
          break;
        }
        SaliencyResult ref = full.explain(x, fw.features(), model.scorer(target));
        r[t] = Correlation.pearson(fr.result().saliency(), ref.saliency());
        if (t > 0) {
          forwards += fr.result().tracking().maskedForwards();
          fullScoringMs += ref.timingsMs().get("scoring");
          streamScoringMs += fr.result().timingsMs().get("scoring");
          stabS += Correlation.pearson(prevS, fr.result().saliency());
          stabF += Correlation.pearson(prevF, ref.saliency());
          strongNew +=
              fr.result().tracking().events().stream()
                      .anyMatch(
                          e -> e.type() == TrackEvent.Type.APPEARED && e.energyShare() >= 0.05)
                  ? 1
                  : 0;
          if (fr.result().tracking().reset()) {
            System.out.printf(
                "bench real: unexpected reset at frame %d: %s%n",
                t, fr.result().tracking().events().get(0).reason());
          }
        }
        prevS = fr.result().saliency();
        prevF = ref.saliency();
      }
      double[] sorted = Arrays.stream(r).skip(1).sorted().toArray();
      int n = frames - 1;
      System.out.printf(
          "bench real pan (MobileNetV2, %d frames, target %d, refresh %d, sign ratio %.2f): r mean"
              + " %.4f p10 %.4f min %.4f; masked forwards/frame %.2f; consecutive-frame r streaming"
              + " %.4f full %.4f; frames where a component with >= 5%% energy got a new id %d;"
              + " forward+gradient %.1f ms/frame, scoring ms/frame full %.1f streaming %.1f%n",
          frames,
          target,
          cfg.refreshPerFrame(),
          cfg.tracker().signSwitchRatio(),
          Arrays.stream(sorted).average().orElseThrow(),
          sorted[sorted.length / 10],
          sorted[0],
          forwards / (double) n,
          stabS / n,
          stabF / n,
          strongNew,
          fwdMs / (frames + 1),
          fullScoringMs / n,
          streamScoringMs / n);
    }
  }
}
