package dev.decomcam.processor.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a model spec (JSON). Every problem is reported as one line naming the spec,
 * the field and the fix. Paths inside the spec resolve relative to the spec file's directory.
 *
 * <pre>{@code
 * {
 *   "id": "mobilenetv2-imagenet",
 *   "engine": "PyTorch",                          // PyTorch | OnnxRuntime | TensorRT
 *   "files": {"backbone": "backbone.pt", "head": "head.pt", "onnx": "model.onnx"},  // or "full"
 *   "inputSize": [224, 224],                      // [width, height]
 *   "resize": "center-crop",                      // center-crop | stretch | none (default center-crop)
 *   "colorOrder": "RGB",                          // RGB | BGR (default RGB)
 *   "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],   // per channel, on [0,1] pixels, in colorOrder
 *   "featureLayer": "features.18",
 *   "labels": "labels.txt",                       // a file (one label a line) or an inline list
 *   "headKind": "gap-linear",                     // gap-linear | general
 *   "headWeight": "classifier.weight"             // optional
 * }
 * }</pre>
 *
 * Checks that need the model itself (labels count = logits, head really GAP+linear) run at load in
 * {@link ModelLoader}.
 */
final class ModelSpecParser {

  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "description",
          "engine",
          "files",
          "inputSize",
          "resize",
          "colorOrder",
          "mean",
          "std",
          "featureLayer",
          "labels",
          "headKind",
          "headWeight");
  private static final Set<String> FILE_KEYS = Set.of("backbone", "head", "full", "onnx");
  private static final int MAX_SIDE = 8192;

  private final Path source;
  private final Path dir;

  private ModelSpecParser(Path source) {
    this.source = source;
    Path parent = source.toAbsolutePath().getParent();
    this.dir = parent != null ? parent : Path.of(".");
  }

  static ModelSpec parse(Path specFile) {
    return new ModelSpecParser(specFile).parse();
  }

  private ModelSpec parse() {
    if (!Files.isRegularFile(source)) {
      throw fail("file not found: check the path (or pass the spec file, not its folder)");
    }
    JsonObject o;
    try {
      JsonElement root = JsonParser.parseString(Files.readString(source, StandardCharsets.UTF_8));
      if (!root.isJsonObject()) {
        throw fail("top level must be a JSON object {...}: wrap the fields in braces");
      }
      o = root.getAsJsonObject();
    } catch (IOException e) {
      throw fail("cannot be read (" + e.getMessage() + "): check its permissions");
    } catch (JsonParseException e) {
      throw fail("not valid JSON (" + oneLine(e.getMessage()) + "): fix the syntax");
    }
    for (String key : o.keySet()) {
      if (!FIELDS.contains(key)) {
        throw fail(
            "unknown field '"
                + key
                + "': remove it or fix its spelling (known: "
                + String.join(", ", FIELDS.stream().sorted().toList())
                + ")");
      }
    }
    String id = string(o, "id", "\"id\": \"my-model\"");
    String engineName = string(o, "engine", "\"engine\": \"PyTorch\"");
    EngineKind engine =
        EngineKind.parse(engineName)
            .orElseThrow(
                () ->
                    fail(
                        "field 'engine' is '"
                            + engineName
                            + "', an unknown engine: use one of "
                            + EngineKind.choices()));
    ModelFiles files = files(o);
    int[] size = inputSize(o);
    ResizeMode resize = ResizeMode.CENTER_CROP;
    if (o.has("resize")) {
      String r = string(o, "resize", "\"resize\": \"center-crop\"");
      resize =
          ResizeMode.parse(r)
              .orElseThrow(
                  () -> fail("field 'resize' is '" + r + "': use one of " + ResizeMode.choices()));
    }
    ColorOrder color = ColorOrder.RGB;
    if (o.has("colorOrder")) {
      String c = string(o, "colorOrder", "\"colorOrder\": \"RGB\"");
      try {
        color = ColorOrder.valueOf(c.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw fail("field 'colorOrder' is '" + c + "': use RGB or BGR");
      }
    }
    float[] mean = triple(o, "mean", false);
    float[] std = triple(o, "std", true);
    String featureLayer =
        string(
            o,
            "featureLayer",
            "the explained layer's name, e.g. \"featureLayer\": \"features.18\"");
    List<String> labels = labels(o);
    String hk =
        string(
            o, "headKind", "\"headKind\": \"gap-linear\" (GAP + one linear layer) or \"general\"");
    HeadKind headKind =
        HeadKind.parse(hk)
            .orElseThrow(
                () -> fail("field 'headKind' is '" + hk + "': use one of " + HeadKind.choices()));
    String headWeight =
        o.has("headWeight")
            ? string(o, "headWeight", "\"headWeight\": \"classifier.weight\"")
            : null;
    return new ModelSpec(
        source,
        id,
        engine,
        files,
        size[0],
        size[1],
        resize,
        color,
        mean,
        std,
        featureLayer,
        labels,
        headKind,
        headWeight);
  }

  private ModelFiles files(JsonObject o) {
    JsonElement e = o.get("files");
    if (e == null || !e.isJsonObject()) {
      throw fail(
          (e == null ? "field 'files' missing" : "field 'files' must be an object")
              + ": add \"files\": {\"backbone\": \"backbone.pt\", \"head\": \"head.pt\"} or"
              + " {\"onnx\": \"model.onnx\"}");
    }
    JsonObject f = e.getAsJsonObject();
    for (String key : f.keySet()) {
      if (!FILE_KEYS.contains(key)) {
        throw fail("unknown field 'files." + key + "': use backbone + head, full, or onnx");
      }
    }
    Path backbone = file(f, "backbone");
    Path head = file(f, "head");
    Path full = file(f, "full");
    Path onnx = file(f, "onnx");
    if ((backbone == null) != (head == null)) {
      throw fail(
          "field 'files."
              + (backbone == null ? "backbone" : "head")
              + "' missing: TorchScript backbone and head come as a pair (or use \"full\" with"
              + " outputs (features, logits))");
    }
    if (backbone == null && full == null && onnx == null) {
      throw fail("field 'files' names no model: add backbone + head, full, or onnx");
    }
    return new ModelFiles(backbone, head, full, onnx);
  }

  private Path file(JsonObject f, String key) {
    if (!f.has(key)) {
      return null;
    }
    JsonElement e = f.get(key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
      throw fail("field 'files." + key + "' must be a path string relative to the spec's folder");
    }
    return existing("files." + key, e.getAsString());
  }

  private Path existing(String field, String relative) {
    Path p = dir.resolve(relative).normalize();
    if (!Files.isRegularFile(p)) {
      throw fail(
          "field '"
              + field
              + "': file "
              + relative
              + " not found (resolved to "
              + p
              + "): fix the path, which is relative to the spec's folder");
    }
    return p;
  }

  private int[] inputSize(JsonObject o) {
    JsonElement e = o.get("inputSize");
    String fix = ": add \"inputSize\": [224, 224] (width, height)";
    if (e == null) {
      throw fail("field 'inputSize' missing" + fix);
    }
    if (!e.isJsonArray() || e.getAsJsonArray().size() != 2) {
      throw fail("field 'inputSize' is " + e + ", not [width, height]" + fix);
    }
    int[] s = new int[2];
    for (int i = 0; i < 2; i++) {
      JsonElement v = e.getAsJsonArray().get(i);
      if (!isNumber(v)
          || v.getAsDouble() != Math.rint(v.getAsDouble())
          || v.getAsDouble() < 1
          || v.getAsDouble() > MAX_SIDE) {
        throw fail(
            "field 'inputSize' is "
                + e
                + ": both sides must be whole numbers in 1.."
                + MAX_SIDE
                + fix);
      }
      s[i] = v.getAsInt();
    }
    return s;
  }

  private float[] triple(JsonObject o, String field, boolean positive) {
    String fix =
        ": give one number per channel on [0,1] pixels, e.g. \""
            + field
            + "\": "
            + (positive ? "[0.229, 0.224, 0.225]" : "[0.485, 0.456, 0.406]");
    JsonElement e = o.get(field);
    if (e == null) {
      throw fail("field '" + field + "' missing" + fix);
    }
    if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) {
      throw fail("field '" + field + "' is " + e + ", not 3 numbers" + fix);
    }
    float[] v = new float[3];
    for (int i = 0; i < 3; i++) {
      JsonElement x = e.getAsJsonArray().get(i);
      if (!isNumber(x) || !Double.isFinite(x.getAsDouble()) || (positive && x.getAsDouble() <= 0)) {
        throw fail(
            "field '" + field + "' is " + e + (positive ? ": every value must be > 0" : "") + fix);
      }
      v[i] = x.getAsFloat();
    }
    return v;
  }

  private List<String> labels(JsonObject o) {
    JsonElement e = o.get("labels");
    String fix =
        ": give a file (\"labels\": \"labels.txt\", one label a line) or a list [\"cat\", \"dog\"]";
    if (e == null) {
      throw fail("field 'labels' missing" + fix);
    }
    List<String> labels = new ArrayList<>();
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      Path p = existing("labels", e.getAsString());
      try {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            labels.add(line.strip());
          }
        }
      } catch (IOException ex) {
        throw fail(
            "field 'labels': file "
                + e.getAsString()
                + " cannot be read ("
                + ex.getMessage()
                + "): check it is UTF-8 text");
      }
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      for (JsonElement x : a) {
        if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
          throw fail("field 'labels' has a non-string entry " + x + fix);
        }
        labels.add(x.getAsString());
      }
    } else {
      throw fail("field 'labels' is " + e + fix);
    }
    if (labels.isEmpty()) {
      throw fail("field 'labels' is empty" + fix);
    }
    return labels;
  }

  private String string(JsonObject o, String field, String example) {
    JsonElement e = o.get(field);
    if (e == null) {
      throw fail("field '" + field + "' missing: add " + example);
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
      throw fail("field '" + field + "' must be a non-empty string: e.g. " + example);
    }
    return e.getAsString().trim();
  }

  private static boolean isNumber(JsonElement e) {
    return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  private ModelLoadException fail(String what) {
    return new ModelLoadException("model spec " + source + ": " + what);
  }
}
