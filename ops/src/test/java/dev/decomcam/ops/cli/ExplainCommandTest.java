package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.processor.npy.Npy;
import dev.decomcam.processor.npy.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./decomcam explain} on the real MobileNetV2 and a real photo. */
class ExplainCommandTest {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path SHARED = ROOT.resolve("../shared");

  @ParameterizedTest
  @ValueSource(strings = {"mobilenetv2-imagenet.spec.json", "mobilenetv2-imagenet.onnx.spec.json"})
  void eagleIsABaldEagleAndTheSaliencyPeakIsOnTheBird(String spec, @TempDir Path out) throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("models")), "../shared not present");
    int rc = Decomcam.run(new String[] {"explain", "--model", ROOT.resolve("models/" + spec).toString(),
        "--input", SHARED.resolve("media/photos/eagle.jpg").toString(), "--out", out.toString()});
    assertEquals(0, rc);

    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("eagle.json"))).getAsJsonObject();
    assertTrue(json.getAsJsonObject("predicted").get("label").getAsString().startsWith("bald eagle"), json.toString());
    assertEquals(22, json.getAsJsonObject("target").get("index").getAsInt());
    assertEquals(10, json.getAsJsonArray("weights").size());

    NpyArray saliency = Npy.read(out.resolve("eagle.saliency.npy"));
    assertArrayEquals(new int[] {224, 224}, saliency.shape());
    NpyArray components = Npy.read(out.resolve("eagle.components.npy"));
    assertArrayEquals(new int[] {10, 7, 7}, components.shape());
    assertNotNull(ImageIO.read(out.resolve("eagle.overlay.jpg").toFile()));

    // the photo is centre-cropped to 224x224 (shorter side 256); in that crop the bird spans
    // x 10..220 and y 25..200, with water above and the shore below (see reference crops/eagle.png)
    float[] s = saliency.floats();
    int peak = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[peak]) {
        peak = i;
      }
    }
    int x = peak % 224;
    int y = peak / 224;
    assertTrue(x >= 10 && x <= 220 && y >= 25 && y <= 200, "saliency peak at (" + x + "," + y + ")");
  }

  @Test
  void badInputIsOneLine(@TempDir Path dir) throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      assertEquals(2, Decomcam.run(new String[] {"explain", "--model", "x.json", "--input", "missing.jpg", "--out", dir.toString()}));
      Files.writeString(dir.resolve("spec.json"), "{ not json");
      Path img = dir.resolve("a.png");
      ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", img.toFile());
      assertEquals(2, Decomcam.run(new String[] {"explain", "--model", dir.resolve("spec.json").toString(), "--input",
          img.toString(), "--out", dir.resolve("o").toString()}));
      assertEquals(2, Decomcam.run(new String[] {"nonsense"}));
    } finally {
      System.setErr(err);
    }
    String[] lines = buf.toString().strip().split("\n");
    assertEquals(3, lines.length, buf.toString());
    assertTrue(lines[0].contains("input not found: missing.jpg"), lines[0]);
    assertTrue(lines[1].contains("spec.json"), lines[1]);
    assertTrue(lines[2].contains("unknown subcommand 'nonsense'"), lines[2]);
  }
}
