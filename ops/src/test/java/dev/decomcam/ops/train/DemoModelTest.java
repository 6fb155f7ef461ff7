package dev.decomcam.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ops.demo.Sample;
import dev.decomcam.ops.demo.ShapeClass;
import dev.decomcam.ops.demo.ShapeDataset;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed demo model: both exported formats reach the accuracy bar on the held-out split
 * regenerated from the training seed, agree with each other, and the directory stays small.
 */
class DemoModelTest {

  private static Path dir;
  private static EncodedSet heldOut;

  @BeforeAll
  static void load() {
    dir = DemoModelFiles.dir();
    heldOut =
        EncodedSet.draw(
            TrainDemoModel.DEFAULT_SEED,
            ShapeDataset.Split.HELD_OUT,
            TrainDemoModel.Settings.defaults().heldOutSamples(),
            0);
  }

  @Test
  void torchScriptReachesTheBarOnHeldOutScenes() {
    try (ExportedModel m = ExportedModel.load(dir, ExportedModel.Format.TORCHSCRIPT)) {
      double acc = m.accuracy(heldOut);
      assertTrue(acc >= TrainDemoModel.REQUIRED_ACCURACY, "TorchScript held-out accuracy " + acc);
    }
  }

  @Test
  void onnxReachesTheBarOnHeldOutScenes() {
    try (ExportedModel m = ExportedModel.load(dir, ExportedModel.Format.ONNX)) {
      double acc = m.accuracy(heldOut);
      assertTrue(acc >= TrainDemoModel.REQUIRED_ACCURACY, "ONNX held-out accuracy " + acc);
    }
  }

  /** The product's own path: the spec through ModelLoader, its prepare() (stretch) and forward. */
  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void specLoadsInTheProductEngineAndClassifiesHeldOutScenes(EngineKind engine) {
    int n = 300;
    int right = 0;
    try (ExplainableModel m =
        ModelLoader.load(dir.resolve("spec.json"), EngineOptions.defaults().withEngine(engine))) {
      for (int i = 0; i < n; i++) {
        Sample s =
            ShapeDataset.sample(
                TrainDemoModel.DEFAULT_SEED,
                ShapeDataset.Split.HELD_OUT,
                i,
                ShapeDataset.SCENE_WIDTH,
                ShapeDataset.SCENE_HEIGHT);
        if (m.forward(m.prepare(s.image()).input(), -1).top1() == s.shape().ordinal()) {
          right++;
        }
      }
    }
    assertTrue(right >= TrainDemoModel.REQUIRED_ACCURACY * n, engine + ": " + right + " of " + n);
  }

  @Test
  void formatsAgree() {
    int n = 8;
    float[] in = heldOut.batch(IntStream.range(0, n).toArray(), 0, n);
    try (ExportedModel ts = ExportedModel.load(dir, ExportedModel.Format.TORCHSCRIPT);
        ExportedModel onnx = ExportedModel.load(dir, ExportedModel.Format.ONNX)) {
      DemoClassifier.Outputs a = ts.forward(in, n);
      DemoClassifier.Outputs b = onnx.forward(in, n);
      for (int i = 0; i < n; i++) {
        assertEquals(
            DemoNet.featureChannels() * DemoNet.featureSize() * DemoNet.featureSize(),
            a.features()[i].length);
        for (int k = 0; k < a.logits()[i].length; k++) {
          assertEquals(
              a.logits()[i][k], b.logits()[i][k], 1e-3 * Math.max(1, Math.abs(a.logits()[i][k])));
        }
        for (int k = 0; k < a.features()[i].length; k += 7) {
          assertEquals(
              a.features()[i][k],
              b.features()[i][k],
              1e-3 * Math.max(1, Math.abs(a.features()[i][k])));
        }
      }
    }
  }

  @Test
  void specLabelsAndSize() throws IOException {
    JsonObject spec =
        JsonParser.parseString(Files.readString(dir.resolve("spec.json"))).getAsJsonObject();
    assertEquals(ModelExporter.MODEL_ID, spec.get("id").getAsString());
    assertEquals("gap-linear", spec.get("headKind").getAsString());
    assertEquals(DemoNet.FEATURE_LAYER, spec.get("featureLayer").getAsString());
    assertEquals(
        ShapeClass.labels(), Files.readAllLines(dir.resolve(spec.get("labels").getAsString())));
    long total;
    try (Stream<Path> files = Files.list(dir)) {
      total = files.mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(total < 5L * 1024 * 1024, "model directory is " + total + " bytes");
  }
}
