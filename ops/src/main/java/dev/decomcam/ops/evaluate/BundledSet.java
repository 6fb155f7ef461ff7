package dev.decomcam.ops.evaluate;

import dev.decomcam.ops.demo.Sample;
import dev.decomcam.ops.demo.ShapeDataset;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The bundled evaluation set: scenes of the demo model's held-out split ({@link ShapeDataset},
 * never trained on), written as PNGs with a {@code labels.csv} giving each scene's class name and
 * the target shape's box, so {@code ./decomcam evaluate} runs offline with no data of its own. Same
 * seed and count, same files.
 */
public final class BundledSet {
  /** Seed of the bundled scenes (the demo model's training seed, whose held-out split they are). */
  public static final long SEED = 42;

  private BundledSet() {}

  /** Writes {@code count} scenes and {@code labels.csv} into {@code dir}; returns the CSV. */
  public static Path write(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>(count + 1);
    lines.add("path,label,x0,y0,x1,y1");
    for (int i = 0; i < count; i++) {
      Sample s =
          ShapeDataset.sample(
              SEED,
              ShapeDataset.Split.HELD_OUT,
              i,
              ShapeDataset.SCENE_WIDTH,
              ShapeDataset.SCENE_HEIGHT);
      String name = String.format(Locale.ROOT, "shape-%03d.png", i);
      ImageIO.write(s.image(), "png", dir.resolve(name).toFile());
      Rectangle b =
          s.box().intersection(new Rectangle(0, 0, s.image().getWidth(), s.image().getHeight()));
      lines.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%d,%d",
              name,
              s.shape().label(),
              b.x,
              b.y,
              b.x + b.width - 1,
              b.y + b.height - 1));
    }
    Path csv = dir.resolve("labels.csv");
    Files.write(csv, lines);
    return csv;
  }
}
