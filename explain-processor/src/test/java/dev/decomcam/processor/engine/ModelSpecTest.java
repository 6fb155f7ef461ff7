package dev.decomcam.processor.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {

  @TempDir Path dir;

  private Path spec;

  /** A valid spec over empty placeholder files; each test breaks one thing. */
  private JsonObject valid() {
    return JsonParser.parseString(
            """
            {"id": "toy", "engine": "PyTorch",
             "files": {"backbone": "m/backbone.pt", "head": "m/head.pt", "onnx": "m/model.onnx"},
             "inputSize": [64, 48], "resize": "stretch", "colorOrder": "BGR",
             "mean": [0.1, 0.2, 0.3], "std": [0.5, 0.25, 0.125],
             "featureLayer": "conv5", "labels": "m/labels.txt", "headKind": "general"}
            """)
        .getAsJsonObject();
  }

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(dir.resolve("m"));
    for (String f : List.of("backbone.pt", "head.pt", "model.onnx")) {
      Files.writeString(dir.resolve("m").resolve(f), "x");
    }
    Files.writeString(dir.resolve("m/labels.txt"), "circle\nsquare\n\ntriangle\n");
    Files.createDirectories(dir.resolve("specs"));
    spec = dir.resolve("specs/toy.spec.json");
  }

  private Path write(JsonObject o) throws IOException {
    // paths resolve against the spec's folder: put the spec one level down to prove it
    String text = o.toString().replace("\"m/", "\"../m/");
    Files.writeString(spec, text);
    return spec;
  }

  private String error(Consumer<JsonObject> breakIt) throws IOException {
    JsonObject o = valid();
    breakIt.accept(o);
    Path p = write(o);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSpec.load(p));
    assertTrue(e.getMessage().startsWith("model spec " + p + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void parsesEveryField() throws IOException {
    ModelSpec s = ModelSpec.load(write(valid()));
    assertEquals("toy", s.id());
    assertEquals(EngineKind.PYTORCH, s.engine());
    assertEquals(64, s.inputWidth());
    assertEquals(48, s.inputHeight());
    assertEquals(ResizeMode.STRETCH, s.resize());
    assertEquals(ColorOrder.BGR, s.colorOrder());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, s.mean());
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f}, s.std());
    assertEquals("conv5", s.featureLayer());
    assertEquals(List.of("circle", "square", "triangle"), s.labels());
    assertEquals(HeadKind.GENERAL, s.headKind());
    assertEquals(
        dir.resolve("m/backbone.pt").normalize(),
        s.files().backbone().toAbsolutePath().normalize());
    assertNull(s.files().full());
    assertNull(s.headWeight());
  }

  @Test
  void inlineLabelsAndDefaults() throws IOException {
    JsonObject o = valid();
    JsonArray labels = new JsonArray();
    labels.add("a");
    labels.add("b");
    o.add("labels", labels);
    o.remove("resize");
    o.remove("colorOrder");
    ModelSpec s = ModelSpec.load(write(o));
    assertEquals(List.of("a", "b"), s.labels());
    assertEquals(ResizeMode.CENTER_CROP, s.resize());
    assertEquals(ColorOrder.RGB, s.colorOrder());
  }

  @Test
  void optionsOverrideEngineAndResize() throws IOException {
    ModelSpec s =
        ModelSpec.load(write(valid()))
            .with(
                EngineOptions.defaults()
                    .withEngine(EngineKind.ONNX_RUNTIME)
                    .withResize(ResizeMode.NONE));
    assertEquals(EngineKind.ONNX_RUNTIME, s.engine());
    assertEquals(ResizeMode.NONE, s.resize());
    assertEquals(EngineKind.PYTORCH, ModelSpec.load(spec).with(EngineOptions.defaults()).engine());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id      | field 'id' missing",
        "engine  | field 'engine' missing",
        "files   | field 'files' missing",
        "inputSize | field 'inputSize' missing: add \"inputSize\": [224, 224]",
        "mean    | field 'mean' missing",
        "std     | field 'std' missing",
        "featureLayer | field 'featureLayer' missing",
        "labels  | field 'labels' missing",
        "headKind | field 'headKind' missing"
      })
  void missingField(String field, String expected) throws IOException {
    String msg = error(o -> o.remove(field));
    assertTrue(msg.contains(expected), msg);
  }

  @Test
  void unknownEngine() throws IOException {
    String msg = error(o -> o.addProperty("engine", "TensorFlow"));
    assertTrue(
        msg.contains("field 'engine' is 'TensorFlow'")
            && msg.contains("PyTorch | OnnxRuntime | TensorRT"),
        msg);
  }

  @Test
  void unknownModesAndKinds() throws IOException {
    assertTrue(
        error(o -> o.addProperty("resize", "crop"))
            .contains("field 'resize' is 'crop': use one of center-crop | stretch | none"));
    assertTrue(
        error(o -> o.addProperty("colorOrder", "RGBA"))
            .contains("field 'colorOrder' is 'RGBA': use RGB or BGR"));
    assertTrue(
        error(o -> o.addProperty("headKind", "linear")).contains("field 'headKind' is 'linear'"));
  }

  @Test
  void missingFile() throws IOException {
    String msg = error(o -> o.getAsJsonObject("files").addProperty("head", "m/nohead.pt"));
    assertTrue(msg.contains("field 'files.head': file ../m/nohead.pt not found"), msg);
    assertTrue(msg.contains("relative to the spec's folder"), msg);
    assertTrue(
        error(o -> o.addProperty("labels", "m/nolabels.txt")).contains("field 'labels': file"));
  }

  @Test
  void filesMustFormAModel() throws IOException {
    assertTrue(
        error(o -> o.getAsJsonObject("files").remove("head"))
            .contains("field 'files.head' missing"));
    assertTrue(error(o -> o.add("files", new JsonObject())).contains("names no model"));
    assertTrue(
        error(o -> o.getAsJsonObject("files").addProperty("weights", "m/head.pt"))
            .contains("unknown field 'files.weights'"));
  }

  @Test
  void wrongSizes() throws IOException {
    assertTrue(
        error(o -> o.add("inputSize", JsonParser.parseString("[224]")))
            .contains("not [width, height]"));
    assertTrue(
        error(o -> o.add("inputSize", JsonParser.parseString("[224, 0]")))
            .contains("whole numbers"));
    assertTrue(
        error(o -> o.add("inputSize", JsonParser.parseString("[224.5, 224]")))
            .contains("whole numbers"));
    assertTrue(
        error(o -> o.add("mean", JsonParser.parseString("[0.5, 0.5]")))
            .contains("field 'mean' is [0.5,0.5], not 3 numbers"));
    assertTrue(
        error(o -> o.add("std", JsonParser.parseString("[0.5, 0, 0.5]")))
            .contains("every value must be > 0"));
  }

  @Test
  void badLabelsAndJson() throws IOException {
    assertTrue(error(o -> o.add("labels", new JsonArray())).contains("field 'labels' is empty"));
    assertTrue(error(o -> o.addProperty("labels", 3)).contains("field 'labels' is 3"));
    assertTrue(error(o -> o.addProperty("inputsize", 3)).contains("unknown field 'inputsize'"));
    Files.writeString(spec, "{\"id\": \"x\",");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSpec.load(spec));
    assertTrue(
        e.getMessage().contains("not valid JSON") && !e.getMessage().contains("\n"),
        e.getMessage());
    e = assertThrows(ModelLoadException.class, () -> ModelSpec.load(dir.resolve("nothere.json")));
    assertTrue(e.getMessage().contains("file not found"), e.getMessage());
  }

  @Test
  void engineNeedsItsFiles() throws IOException {
    JsonObject o = valid();
    o.getAsJsonObject("files").remove("onnx");
    o.addProperty("headKind", "gap-linear");
    Path p = write(o);
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                ModelLoader.load(p, EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME)));
    assertTrue(e.getMessage().contains("engine OnnxRuntime needs files.onnx"), e.getMessage());
  }

  @Test
  void generalHeadNeedsPyTorch() throws IOException {
    Path p = write(valid());
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                ModelLoader.load(p, EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME)));
    assertTrue(e.getMessage().contains("headKind general needs autograd"), e.getMessage());
  }

  @Test
  void tensorRtMissingIsOneClearLine() throws IOException {
    JsonObject o = valid();
    o.addProperty("headKind", "gap-linear");
    o.addProperty("engine", "TensorRT");
    Path p = write(o);
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(p, EngineOptions.defaults()));
    assertTrue(
        e.getMessage().startsWith("model spec " + p + ": engine TensorRT is not installed"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("PyTorch or OnnxRuntime") && e.getMessage().contains("gpu profile"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void badModelFileIsReportedByField() throws IOException {
    JsonObject o = valid();
    o.addProperty("headKind", "gap-linear");
    Path p = write(o);
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                ModelLoader.load(p, EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME)));
    assertTrue(
        e.getMessage().startsWith("model spec " + p + ": field 'files.onnx'"), e.getMessage());
  }

  @Test
  void repositorySpecsResolveToShared() {
    Path s = SharedData.spec();
    ModelSpec spec = ModelSpec.load(s);
    assertEquals(1000, spec.labels().size());
    assertTrue(spec.labels().get(285).startsWith("Egyptian cat"));
    assertTrue(Files.isRegularFile(spec.files().onnx()));
    ModelSpec onnx = ModelSpec.load(s.resolveSibling("mobilenetv2-imagenet.onnx.spec.json"));
    assertEquals(EngineKind.ONNX_RUNTIME, onnx.engine());
    assertEquals(spec.files().onnx(), onnx.files().onnx());
  }
}
