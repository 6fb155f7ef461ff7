package dev.decomcam.ops.bench;

import dev.decomcam.ingest.DecodedFrame;
import dev.decomcam.ingest.VideoSource;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The frames one benchmark run sees: the first {@code perPart} decoded frames of each of one or
 * more video files, played back to back. One file is a plain video; two make a "hard cut" sequence
 * (the second file starts abruptly at {@link #cutAt()}), the worst case for the streaming method's
 * state. Decodes lazily, one file open at a time.
 *
 * <pre>{@code
 * try (FrameSequence s = FrameSequence.hardCut(eagle, dog, 30)) {
 *   for (BufferedImage img; (img = s.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class FrameSequence implements AutoCloseable {
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final List<Path> parts;
  private final int perPart;
  private int part = -1;
  private int inPart;
  private int index;
  private VideoSource source;

  private FrameSequence(String name, List<Path> parts, int perPart) {
    if (perPart < 1) {
      throw new IllegalArgumentException(
          "frame sequence " + name + ": frames per video must be >= 1, got " + perPart);
    }
    this.name = name;
    this.parts = List.copyOf(parts);
    this.perPart = perPart;
  }

  /** The first {@code frames} frames of {@code video}. */
  public static FrameSequence of(Path video, int frames) {
    return new FrameSequence(stem(video), List.of(video), frames);
  }

  /**
   * {@code perSide} frames of {@code first}, then, with a hard cut, {@code perSide} frames of
   * {@code second}.
   */
  public static FrameSequence hardCut(Path first, Path second, int perSide) {
    Objects.requireNonNull(second, "hard cut: second video missing");
    return new FrameSequence(stem(first) + "|" + stem(second), List.of(first, second), perSide);
  }

  public String name() {
    return name;
  }

  /** Index of the first frame after the cut, or -1 for a single video. */
  public int cutAt() {
    return parts.size() > 1 ? perPart : -1;
  }

  /**
   * The next frame, or null at the end. A video shorter than {@code perPart} frames simply ends
   * early (then {@link #cutAt()} is no longer exact, so the caller checks {@link #currentPart()}).
   */
  public BufferedImage next() {
    while (true) {
      if (source == null || inPart >= perPart) {
        closeSource();
        part++;
        if (part >= parts.size()) {
          return null;
        }
        source = VideoSource.open(parts.get(part).toString(), OPEN_TIMEOUT);
        inPart = 0;
      }
      DecodedFrame f = source.next();
      if (f == null) {
        inPart = perPart;
        continue;
      }
      inPart++;
      index++;
      return f.image();
    }
  }

  /** Which file (0-based) the last frame returned by {@link #next} came from. */
  public int currentPart() {
    return part;
  }

  /** Frames returned so far. */
  public int frames() {
    return index;
  }

  private void closeSource() {
    if (source != null) {
      source.close();
      source = null;
    }
  }

  @Override
  public void close() {
    closeSource();
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
