package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.processor.npy.Npy;
import dev.decomcam.processor.npy.NpyArray;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./decomcam explain --method NAME} on the bundled demo model, for every method. */
class ExplainMethodsTest {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  @ParameterizedTest
  @ValueSource(strings = {"decomcam", "gradcam", "gradcampp", "scorecam"})
  void everyMethodExplainsAnImage(String method, @TempDir Path dir) throws Exception {
    Path img = dir.resolve("disc.png");
    ImageIO.write(disc(), "png", img.toFile());
    for (String mode : new String[] {"full", "streaming"}) {
      Path out = dir.resolve(mode);
      int rc =
          Decomcam.run(
              new String[] {
                "explain",
                "--model",
                ROOT.resolve("models/demo-shapes/spec.json").toString(),
                "--input",
                img.toString(),
                "--out",
                out.toString(),
                "--method",
                method,
                "--mode",
                mode
              });
      assertEquals(0, rc, method + " " + mode);
      JsonObject json =
          JsonParser.parseString(Files.readString(out.resolve("disc.json"))).getAsJsonObject();
      assertEquals(method, json.get("method").getAsString());
      NpyArray saliency = Npy.read(out.resolve("disc.saliency.npy"));
      assertArrayEquals(new int[] {128, 128}, saliency.shape());
      float max = 0;
      for (float v : saliency.floats()) {
        max = Math.max(max, v);
      }
      assertEquals(1f, max, 1e-6f, method + ": a normalised map");
    }
  }

  @Test
  void anUnknownMethodIsOneLineNamingTheChoices(@TempDir Path dir) throws Exception {
    ImageIO.write(disc(), "png", dir.resolve("a.png").toFile());
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int rc =
          Decomcam.run(
              new String[] {
                "explain",
                "--model",
                ROOT.resolve("models/demo-shapes/spec.json").toString(),
                "--input",
                dir.resolve("a.png").toString(),
                "--out",
                dir.resolve("o").toString(),
                "--method",
                "eigencam"
              });
      assertEquals(2, rc);
    } finally {
      System.setErr(err);
    }
    String msg = buf.toString(StandardCharsets.UTF_8).strip();
    assertEquals(1, msg.lines().count(), msg);
    assertTrue(msg.contains("decomcam, gradcam, gradcampp, scorecam"), msg);
  }

  /** A bright disc on a dark background, the demo model's input size. */
  private static BufferedImage disc() {
    BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(30, 30, 40));
    g.fillRect(0, 0, 128, 128);
    g.setColor(new Color(230, 60, 40));
    g.fillOval(30, 40, 50, 50);
    g.dispose();
    return img;
  }
}
