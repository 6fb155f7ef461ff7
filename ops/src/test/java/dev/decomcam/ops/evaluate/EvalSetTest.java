package dev.decomcam.ops.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.engine.PreparedImage;
import dev.decomcam.processor.evaluate.Box;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading labelled inputs, mapping boxes into the map's frame, and the progress line. */
class EvalSetTest {
  private static final List<String> LABELS =
      List.of("circle", "bald eagle, American eagle, Haliaeetus leucocephalus", "square");

  @Test
  void csvLabelsByIndexNameOrFirstSynonymAndOptionalBoxes(@TempDir Path dir) throws Exception {
    Path img = Files.createDirectories(dir.resolve("img"));
    for (String n : List.of("a", "b", "c")) {
      ImageIO.write(
          new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB),
          "png",
          img.resolve(n + ".png").toFile());
    }
    Path csv = dir.resolve("set.csv");
    Files.writeString(
        csv,
        "path,label,x0,y0,x1,y1\nimg/a.png,2,1,1,3,4\nimg/b.png,bald eagle,,,,\n"
            + "img/c.png,,,,,\n");
    List<EvalItem> items = new ArrayList<>();
    EvalSet.open(csv, LABELS, 1, 0).forEach(items::add);
    assertEquals(3, items.size());
    assertEquals("a", items.get(0).name());
    assertEquals(2, items.get(0).label());
    assertEquals(new Box(1, 1, 3, 4), items.get(0).box());
    assertEquals(1, items.get(1).label());
    assertNull(items.get(1).box());
    assertEquals(-1, items.get(2).label());
    Files.writeString(csv, "path,label\nimg/a.png,zebra\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EvalSet.open(csv, LABELS, 1, 0));
    assertTrue(e.getMessage().contains("'zebra' is not a class of the model"), e.getMessage());
  }

  @Test
  void folderPerClass(@TempDir Path dir) throws Exception {
    for (String c : List.of("circle", "square")) {
      Path d = Files.createDirectories(dir.resolve(c));
      ImageIO.write(
          new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", d.resolve("x.png").toFile());
    }
    List<EvalItem> items = new ArrayList<>();
    EvalSet.open(dir, LABELS, 1, 0).forEach(items::add);
    assertEquals(List.of(0, 2), items.stream().map(EvalItem::label).toList());
  }

  @Test
  void boxesFollowTheStretchAndTheCrop() {
    ModelInput in = new ModelInput(3, 128, 128, new float[3 * 128 * 128]);
    // 320x240 stretched to 128x128: x by 0.4, y by 8/15; pixels 0..319 cover 0..127
    PreparedImage stretch = new PreparedImage(in, 0, 0, 320, 240);
    assertEquals(
        new Box(0, 0, 127, 127), Evaluator.toMapFrame(new Box(0, 0, 319, 239), stretch, in));
    assertEquals(
        new Box(40, 16, 51, 31), Evaluator.toMapFrame(new Box(100, 30, 129, 59), stretch, in));
    // a 240x240 centre crop at x 40: a box left of it is gone, one across its edge is clipped
    PreparedImage crop = new PreparedImage(in, 40, 0, 240, 240);
    assertNull(Evaluator.toMapFrame(new Box(0, 0, 30, 30), crop, in));
    assertEquals(new Box(0, 0, 10, 15), Evaluator.toMapFrame(new Box(20, 0, 59, 29), crop, in));
  }

  @Test
  void progressLineShowsRateAndEta() {
    ProgressBar bar = new ProgressBar(System.out, "items", 40, false);
    assertEquals(
        "[###############...............] 20/40 items  2.00 items/s  ETA 0:10",
        bar.line(20, 10_000_000_000L));
    assertEquals("1:01:01", ProgressBar.clock(3661));
  }
}
