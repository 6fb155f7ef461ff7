package dev.decomcam.ops.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.demo.ShapeClass;
import dev.decomcam.ops.demo.ShapeDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a briefly trained network (a few steps, so batch-norm statistics are no longer their
 * initial values and folding them matters) and checks that the TorchScript files on the PyTorch
 * engine and the ONNX file on OnnxRuntime reproduce the DJL block's features and logits.
 */
class ModelExportTest {

  private static final long SEED = 7;
  private static final ShapeDataset.Split HELD_OUT = ShapeDataset.Split.HELD_OUT;

  @TempDir static Path dir;
  private static TrainedNet trained;
  private static EncodedSet samples;

  @BeforeAll
  static void trainAndExport() throws Exception {
    EncodedSet train = EncodedSet.draw(SEED, ShapeDataset.Split.TRAIN, 48, 0);
    trained = DemoTrainer.train(train, SEED, new DemoTrainer.Options(1, 16, 3e-3f), line -> {});
    ModelExporter.export(trained, dir);
    samples = EncodedSet.draw(SEED, HELD_OUT, 6, 0);
  }

  @AfterAll
  static void close() {
    if (trained != null) {
      trained.close();
    }
  }

  @Test
  void torchScriptMatchesTrainedBlock() {
    try (ExportedModel exported = ExportedModel.load(dir, ExportedModel.Format.TORCHSCRIPT)) {
      assertSameOutputs(trained, exported);
    }
  }

  @Test
  void onnxMatchesTrainedBlock() {
    try (ExportedModel exported = ExportedModel.load(dir, ExportedModel.Format.ONNX)) {
      assertSameOutputs(trained, exported);
    }
  }

  @Test
  void writesLabelsAndSpec() throws Exception {
    assertEquals(ShapeClass.labels(), Files.readAllLines(dir.resolve("labels.txt")));
    var spec =
        com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("spec.json")))
            .getAsJsonObject();
    assertEquals("gap-linear", spec.get("headKind").getAsString());
    assertEquals(DemoNet.INPUT_SIZE, spec.getAsJsonArray("inputSize").get(0).getAsInt());
    for (String key : new String[] {"backbone", "head", "onnx"}) {
      assertTrue(
          Files.isRegularFile(dir.resolve(spec.getAsJsonObject("files").get(key).getAsString())),
          key);
    }
  }

  @Test
  void sameSeedGivesIdenticalFiles(@TempDir Path again) throws Exception {
    EncodedSet train = EncodedSet.draw(SEED, ShapeDataset.Split.TRAIN, 48, 0);
    try (TrainedNet second =
        DemoTrainer.train(train, SEED, new DemoTrainer.Options(1, 16, 3e-3f), line -> {})) {
      ModelExporter.export(second, again);
    }
    for (String f : new String[] {"backbone.pt", "head.pt", "model.onnx"}) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
    }
  }

  private static void assertSameOutputs(DemoClassifier expected, DemoClassifier actual) {
    int n = samples.size();
    float[] in = samples.batch(IntStream.range(0, n).toArray(), 0, n);
    DemoClassifier.Outputs want = expected.forward(in, n);
    DemoClassifier.Outputs got = actual.forward(in, n);
    for (int i = 0; i < n; i++) {
      assertEquals(
          DemoNet.featureChannels() * DemoNet.featureSize() * DemoNet.featureSize(),
          got.features()[i].length);
      assertClose(want.features()[i], got.features()[i], "features of sample " + i);
      assertClose(want.logits()[i], got.logits()[i], "logits of sample " + i);
    }
  }

  private static void assertClose(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + ": length");
    double scale = 0;
    for (float v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.length; i++) {
      // folding batch norm reorders float operations: allow rounding, relative to the largest value
      assertEquals(want[i], got[i], 1e-4 * Math.max(1, scale), what + " [" + i + "]");
    }
  }
}
