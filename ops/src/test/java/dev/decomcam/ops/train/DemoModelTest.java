package dev.decomcam.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ops.demo.ShapeClass;
import dev.decomcam.ops.demo.ShapeDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    heldOut = EncodedSet.draw(TrainDemoModel.DEFAULT_SEED, ShapeDataset.Split.HELD_OUT,
        TrainDemoModel.Settings.defaults().heldOutSamples(), 0);
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

  @Test
  void formatsAgree() {
    int n = 8;
    float[] in = heldOut.batch(IntStream.range(0, n).toArray(), 0, n);
    try (ExportedModel ts = ExportedModel.load(dir, ExportedModel.Format.TORCHSCRIPT);
        ExportedModel onnx = ExportedModel.load(dir, ExportedModel.Format.ONNX)) {
      DemoClassifier.Outputs a = ts.forward(in, n);
      DemoClassifier.Outputs b = onnx.forward(in, n);
      for (int i = 0; i < n; i++) {
        assertEquals(DemoNet.featureChannels() * DemoNet.featureSize() * DemoNet.featureSize(), a.features()[i].length);
        for (int k = 0; k < a.logits()[i].length; k++) {
          assertEquals(a.logits()[i][k], b.logits()[i][k], 1e-3 * Math.max(1, Math.abs(a.logits()[i][k])));
        }
        for (int k = 0; k < a.features()[i].length; k += 7) {
          assertEquals(a.features()[i][k], b.features()[i][k], 1e-3 * Math.max(1, Math.abs(a.features()[i][k])));
        }
      }
    }
  }

  @Test
  void specLabelsAndSize() throws IOException {
    JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("spec.json"))).getAsJsonObject();
    assertEquals(ModelExporter.MODEL_ID, spec.get("id").getAsString());
    assertEquals("gap-linear", spec.get("head").getAsString());
    assertEquals(DemoNet.FEATURE_LAYER, spec.get("featureLayer").getAsString());
    assertEquals(ShapeClass.labels(), Files.readAllLines(dir.resolve(spec.get("labels").getAsString())));
    long total;
    try (Stream<Path> files = Files.list(dir)) {
      total = files.mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(total < 5L * 1024 * 1024, "model directory is " + total + " bytes");
  }
}
