package dev.decomcam.sink.record;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar index of one camera's recordings: {@code <camera>.index.json} next to the segments,
 * listing each closed segment still on disk, oldest first, with its frame count and the capture
 * time and sequence of its first and last frame, so a segment can be found for a moment without
 * opening any MP4. The file is rewritten whole (a temporary file moved over it) each time a segment
 * closes or is deleted, so a reader never sees half of it. An index left by an earlier run is read
 * and continued: retention counts that run's segments too.
 */
public final class SegmentIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentIndex.class);
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /**
   * One closed segment.
   *
   * @param file the MP4's file name, in the index's folder
   */
  public record Entry(
      String file,
      long frames,
      long firstSequence,
      long lastSequence,
      long firstCaptureMs,
      long lastCaptureMs) {
    public Entry {
      if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
        throw new IllegalArgumentException(
            "segment file '" + file + "': give a file name inside the recordings folder");
      }
      if (frames < 1) {
        throw new IllegalArgumentException(
            "segment " + file + " has " + frames + " frames: use 1+");
      }
    }
  }

  /** The file's JSON form. */
  private record Doc(String camera, List<Entry> segments) {}

  private final Path file;
  private final String camera;
  private final List<Entry> entries = new ArrayList<>();

  private SegmentIndex(Path file, String camera) {
    this.file = file;
    this.camera = camera;
  }

  /** The index file of {@code cameraId} in {@code dir}. */
  public static Path fileFor(Path dir, String cameraId) {
    return dir.resolve(RecordingNames.stem(cameraId) + ".index.json");
  }

  /**
   * The camera's index in {@code dir}: the one on disk (its entries whose files still exist) or an
   * empty one; an unreadable index is logged and started afresh.
   */
  public static SegmentIndex open(Path dir, String cameraId) {
    SegmentIndex index = new SegmentIndex(fileFor(dir, cameraId), cameraId);
    if (Files.exists(index.file)) {
      try {
        Doc doc = GSON.fromJson(Files.readString(index.file), Doc.class);
        if (doc != null && doc.segments() != null) {
          for (Entry e : doc.segments()) {
            if (Files.exists(dir.resolve(e.file()))) {
              index.entries.add(
                  new Entry(
                      e.file(),
                      e.frames(),
                      e.firstSequence(),
                      e.lastSequence(),
                      e.firstCaptureMs(),
                      e.lastCaptureMs()));
            }
          }
        }
      } catch (IOException | JsonParseException | IllegalArgumentException e) {
        LOG.warn(
            "recording index {} unreadable, starting a new one: {}", index.file, e.getMessage());
      }
    }
    return index;
  }

  /** Reads an index file as it is (for tools and tests); throws when it is unreadable. */
  public static List<Entry> read(Path file) throws IOException {
    Doc doc = GSON.fromJson(Files.readString(file), Doc.class);
    return doc == null || doc.segments() == null ? List.of() : List.copyOf(doc.segments());
  }

  /** Adds a closed segment and rewrites the file. */
  public void add(Entry e) {
    entries.add(e);
    save();
  }

  /**
   * Deletes the oldest segments (files and entries) until at most {@code keep} remain; 0 keeps all.
   */
  public void retain(int keep) {
    if (keep <= 0 || entries.size() <= keep) {
      return;
    }
    Path dir = file.getParent();
    while (entries.size() > keep) {
      Entry old = entries.remove(0);
      try {
        Files.deleteIfExists(dir.resolve(old.file()));
        LOG.info("recording {}: deleted old segment {}", camera, old.file());
      } catch (IOException ex) {
        LOG.warn(
            "recording {}: cannot delete old segment {}: {}", camera, old.file(), ex.getMessage());
      }
    }
    save();
  }

  /** The segments listed, oldest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public Path file() {
    return file;
  }

  private void save() {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, GSON.toJson(new Doc(camera, entries)));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write recording index " + file + ": check free disk space and permissions", e);
    }
  }
}
