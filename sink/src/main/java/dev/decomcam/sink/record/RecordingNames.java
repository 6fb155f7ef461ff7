package dev.decomcam.sink.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names of recordings, derived from camera ids, which come from records and so from anyone who
 * can produce to the frames topic. A name is only ever one file name inside the output folder:
 * characters outside {@code A-Z a-z 0-9 . _ -} become {@code _}, a leading dot too (no hidden or
 * {@code ..} names), and it is cut to {@link #MAX_STEM} characters. Where that changed the id, the
 * first 8 hex digits of the id's SHA-256 follow, so {@code cam/a} and {@code cam_a} get different
 * names. A file is created only under a name no file has yet ({@link #reserve}): a second sink
 * started within the same second, or an id crafted to meet another's name, gets {@code -2}, {@code
 * -3}, ... rather than overwriting a recording.
 */
public final class RecordingNames {
  /** Characters of a name taken from the camera id. */
  static final int MAX_STEM = 64;

  private RecordingNames() {}

  /** The camera's part of its recordings' names: the id itself when it is a safe name already. */
  public static String stem(String cameraId) {
    String safe = cameraId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.startsWith(".")) {
      safe = "_" + safe.substring(1);
    }
    if (safe.length() > MAX_STEM) {
      safe = safe.substring(0, MAX_STEM);
    }
    return safe.equals(cameraId) && !safe.isEmpty() ? safe : safe + "-" + hash(cameraId);
  }

  /**
   * Creates an empty file {@code dir/<name>.mp4}, or {@code dir/<name>-2.mp4} and so on when that
   * exists, atomically (so two sinks never pick one name), and returns it.
   */
  static Path reserve(Path dir, String name) {
    for (int n = 1; n <= 10_000; n++) {
      Path file = dir.resolve(name + (n == 1 ? "" : "-" + n) + ".mp4");
      try {
        return Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        // taken: try the next number
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create recording " + file + ": check the directory is writable", e);
      }
    }
    throw new IllegalStateException(
        "no free recording name " + name + "-N.mp4 in " + dir + ": clear out old recordings");
  }

  private static String hash(String cameraId) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(cameraId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
