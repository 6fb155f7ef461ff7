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
import java.awt.Polygon;
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
  void eagleIsABaldEagleAndTheSaliencyPeakIsOnTheBird(String spec, @TempDir Path out)
      throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("models")), "../shared not present");
    int rc =
        Decomcam.run(
            new String[] {
              "explain",
              "--model",
              ROOT.resolve("models/" + spec).toString(),
              "--input",
              SHARED.resolve("media/photos/eagle.jpg").toString(),
              "--out",
              out.toString()
            });
    assertEquals(0, rc);

    JsonObject json =
        JsonParser.parseString(Files.readString(out.resolve("eagle.json"))).getAsJsonObject();
    assertTrue(
        json.getAsJsonObject("predicted").get("label").getAsString().startsWith("bald eagle"),
        json.toString());
    assertEquals(22, json.getAsJsonObject("target").get("index").getAsInt());
    assertEquals(10, json.getAsJsonArray("weights").size());

    NpyArray saliency = Npy.read(out.resolve("eagle.saliency.npy"));
    assertArrayEquals(new int[] {224, 224}, saliency.shape());
    NpyArray components = Npy.read(out.resolve("eagle.components.npy"));
    assertArrayEquals(new int[] {10, 7, 7}, components.shape());
    assertNotNull(ImageIO.read(out.resolve("eagle.overlay.jpg").toFile()));

    // the model sees a 224x224 centre crop (shorter side to 256, as the reference's
    // crops/eagle.png).
    // The bird's bounding box there is x 0..217, y 27..206 (its tail runs off the left edge), 79%
    // of the
    // crop, so no box tells bird from background; the outline below (38% of the crop) does
    float[] s = saliency.floats();
    int peak = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[peak]) {
        peak = i;
      }
    }
    int x = peak % 224;
    int y = peak / 224;
    System.out.printf("%s: eagle saliency peak at (%d,%d)%n", spec, x, y);
    assertTrue(
        EAGLE_OUTLINE.contains(x + 0.5, y + 0.5),
        "saliency peak at (" + x + "," + y + ") is off the bird");
  }

  /**
   * The eagle's outline in the 224x224 crop, traced by hand (clockwise from the crown: beak,
   * breast, right leg, feet, left thigh, belly, tail at the left edge, back, nape).
   */
  static final Polygon EAGLE_OUTLINE =
      polygon(
          175, 27, 198, 30, 210, 37, 217, 50, 204, 49, 197, 58, 193, 80, 191, 105, 186, 125, 178,
          140, 162, 150, 157, 160, 155, 192, 168, 198, 168, 206, 100, 206, 110, 192, 108, 178, 90,
          168, 82, 152, 60, 147, 30, 142, 0, 139, 0, 103, 30, 95, 48, 84, 64, 73, 90, 65, 128, 62,
          146, 57, 155, 42, 163, 32);

  static Polygon polygon(int... xy) {
    Polygon p = new Polygon();
    for (int i = 0; i < xy.length; i += 2) {
      p.addPoint(xy[i], xy[i + 1]);
    }
    return p;
  }

  @Test
  void theOutlineCoversTheBirdNotTheCrop() {
    int inside = 0;
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        inside += EAGLE_OUTLINE.contains(x + 0.5, y + 0.5) ? 1 : 0;
      }
    }
    double share = inside / (224.0 * 224.0);
    assertTrue(share > 0.3 && share < 0.45, "outline covers " + share + " of the crop");
    assertTrue(
        !EAGLE_OUTLINE.contains(30, 30)
            && !EAGLE_OUTLINE.contains(200, 215)
            && !EAGLE_OUTLINE.contains(30, 190),
        "water above, shore below and left are outside");
  }

  @Test
  void badInputIsOneLine(@TempDir Path dir) throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      assertEquals(
          2,
          Decomcam.run(
              new String[] {
                "explain", "--model", "x.json", "--input", "missing.jpg", "--out", dir.toString()
              }));
      Files.writeString(dir.resolve("spec.json"), "{ not json");
      Path img = dir.resolve("a.png");
      ImageIO.write(
          new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png",
          img.toFile());
      assertEquals(
          2,
          Decomcam.run(
              new String[] {
                "explain",
                "--model",
                dir.resolve("spec.json").toString(),
                "--input",
                img.toString(),
                "--out",
                dir.resolve("o").toString()
              }));
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
