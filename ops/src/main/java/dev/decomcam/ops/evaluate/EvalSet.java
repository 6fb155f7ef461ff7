package dev.decomcam.ops.evaluate;

import dev.decomcam.ingest.DecodedFrame;
import dev.decomcam.ingest.VideoSource;
import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.processor.evaluate.Box;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A labelled input of {@code evaluate}, read item by item (images are decoded only when their turn
 * comes):
 *
 * <ul>
 *   <li>a folder with one sub-folder per class (named by class name or index) holding images;
 *   <li>a CSV with header {@code path,label[,x0,y0,x1,y1]}: paths relative to the CSV, label a
 *       class index or name (empty: unknown), the box inclusive in the image's pixels;
 *   <li>a video with a sidecar {@code NAME.groundtruth.json} beside it (the format {@code
 *       ./decomcam demo-video} writes): per-frame class and box; a change of class between two
 *       frames marks a scene cut (the demo video starts a new scene with each class).
 * </ul>
 */
public abstract class EvalSet {
  static final List<String> IMAGE_TYPES = List.of(".jpg", ".jpeg", ".png", ".bmp");

  /** Items in the set, or an upper bound for a video (its sidecar's frame count). */
  public abstract int size();

  /** Hands every item, in order, to {@code sink}. */
  public abstract void forEach(Consumer<EvalItem> sink) throws IOException;

  /**
   * Opens a folder per class, a CSV or a video; {@code every}/{@code maxItems} sample a video's
   * frames (every Nth, at most N; 0 = all).
   */
  public static EvalSet open(Path input, List<String> labels, int every, int maxItems)
      throws IOException {
    LabelResolver resolver = new LabelResolver(labels);
    if (Files.isDirectory(input)) {
      return limit(folder(input, resolver), maxItems);
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException(
          "input not found: " + input + ": give a folder per class, a CSV or a video");
    }
    String n = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return limit(csv(input, resolver), maxItems);
    }
    return video(input, resolver, every, maxItems);
  }

  /** One item to load. */
  private record Entry(Path path, String name, int label, Box box) {}

  private static final class Listed extends EvalSet {
    private final List<Entry> entries;

    Listed(List<Entry> entries) {
      this.entries = entries;
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public void forEach(Consumer<EvalItem> sink) {
      for (Entry e : entries) {
        sink.accept(new EvalItem(e.name(), read(e.path()), e.label(), e.box(), false, false));
      }
    }
  }

  private static EvalSet limit(Listed set, int maxItems) {
    return maxItems > 0 && set.entries.size() > maxItems
        ? new Listed(set.entries.subList(0, maxItems))
        : set;
  }

  private static Listed folder(Path dir, LabelResolver resolver) throws IOException {
    List<Entry> out = new ArrayList<>();
    List<Path> classes;
    try (Stream<Path> s = Files.list(dir)) {
      classes = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path c : classes) {
      int label = resolver.resolve(c.getFileName().toString(), "class folder " + c);
      try (Stream<Path> s = Files.list(c)) {
        for (Path p : s.filter(EvalSet::isImage).sorted().toList()) {
          out.add(new Entry(p, stem(p), label, null));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no images in class folders under "
              + dir
              + ": give one sub-folder per class holding "
              + String.join(", ", IMAGE_TYPES)
              + " files, or a CSV");
    }
    return new Listed(out);
  }

  private static Listed csv(Path file, LabelResolver resolver) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).trim().toLowerCase(Locale.ROOT).startsWith("path,label")) {
      throw new IllegalArgumentException(
          file + ": the first line must be the header path,label[,x0,y0,x1,y1]");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<Entry> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] f = line.split(",", -1);
      if (f.length != 2 && f.length != 6) {
        throw new IllegalArgumentException(
            where + ": " + f.length + " fields: give path,label or path,label,x0,y0,x1,y1");
      }
      Box box = null;
      if (f.length == 6 && !f[2].isBlank()) {
        try {
          box =
              new Box(
                  Integer.parseInt(f[2].trim()),
                  Integer.parseInt(f[3].trim()),
                  Integer.parseInt(f[4].trim()),
                  Integer.parseInt(f[5].trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ": box coordinates must be integers");
        }
      }
      Path p = dir.resolve(f[0].trim());
      out.add(new Entry(p, stem(p), resolver.resolve(f[1], where), box));
    }
    return new Listed(out);
  }

  private static EvalSet video(Path video, LabelResolver resolver, int every, int maxItems)
      throws IOException {
    String stem = stem(video);
    Path sidecar = video.resolveSibling(stem + ".groundtruth.json");
    if (!Files.isRegularFile(sidecar)) {
      throw new IllegalArgumentException(
          "video "
              + video
              + " has no sidecar "
              + sidecar.getFileName()
              + ": write per-frame labels and boxes there (./decomcam demo-video shows the"
              + " format)");
    }
    GroundTruth truth = GroundTruth.read(sidecar);
    int n = (truth.frames().size() + every - 1) / every;
    int size = maxItems > 0 ? Math.min(maxItems, n) : n;
    return new EvalSet() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public void forEach(Consumer<EvalItem> sink) {
        int done = 0;
        String lastLabel = null;
        boolean cut = false; // a class change since the last sampled frame
        try (VideoSource source = VideoSource.open(video.toString(), Duration.ofSeconds(10))) {
          for (DecodedFrame f = source.next(); f != null && done < size; f = source.next()) {
            int i = (int) f.index();
            if (i >= truth.frames().size()) {
              break;
            }
            GroundTruth.Frame t = truth.frames().get(i);
            cut |= lastLabel != null && !lastLabel.equals(t.label());
            lastLabel = t.label();
            if (i % every != 0) {
              continue;
            }
            GroundTruth.Box b = t.box();
            Box box =
                b == null ? null : new Box(b.x(), b.y(), b.x() + b.w() - 1, b.y() + b.h() - 1);
            int label = resolver.resolve(t.label(), sidecar + " frame " + i);
            sink.accept(new EvalItem(stem + "#" + i, f.image(), label, box, true, cut && done > 0));
            cut = false;
            done++;
          }
        }
      }
    };
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return IMAGE_TYPES.stream().anyMatch(n::endsWith);
  }

  static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static BufferedImage read(Path p) {
    try {
      BufferedImage img = ImageIO.read(p.toFile());
      if (img == null) {
        throw new IllegalArgumentException(
            "not a readable image: " + p + ": give JPEG, PNG or BMP");
      }
      return img;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read image " + p + ": " + e.getMessage(), e);
    }
  }
}
