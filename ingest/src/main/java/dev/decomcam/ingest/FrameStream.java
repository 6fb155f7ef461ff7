package dev.decomcam.ingest;

/**
 * The frames to publish from one {@link VideoSource}: every Nth frame of a file's range (from a
 * presentation time, seeked to, up to another) or of all of it, looping a file when asked,
 * reconnecting a lost live source through a {@link Reconnector} (frame indices continue across the
 * outage), stopping after a maximum count, each released by the {@link Pacer}.
 *
 * <p>Kept apart from Kafka so sampling, looping and pacing can be tested on real videos.
 */
public final class FrameStream {
  /**
   * @param everyN keep frames whose index is a multiple of this (1 = all)
   * @param loop start a file again at its end (ignored for URLs and devices)
   * @param maxFrames stop after this many kept frames (0 = no limit)
   * @param fromMicros a file starts at this presentation time (seeked to; earlier frames skipped)
   * @param toMicros a file ends before this presentation time; 0 = at its end
   */
  public record Options(int everyN, boolean loop, long maxFrames, long fromMicros, long toMicros) {
    /** The whole source. */
    public Options(int everyN, boolean loop, long maxFrames) {
      this(everyN, loop, maxFrames, 0, 0);
    }

    public Options {
      if (fromMicros < 0 || toMicros < 0 || (toMicros > 0 && toMicros <= fromMicros)) {
        throw new IllegalArgumentException(
            "range "
                + fromMicros
                + ".."
                + toMicros
                + " us: give from >= 0 and to (0 = the end) after from");
      }
      if (loop && (fromMicros > 0 || toMicros > 0)) {
        throw new IllegalArgumentException(
            "a range (from/to) of a looped file: set loop=false or give no range");
      }
      if (everyN < 1) {
        throw new IllegalArgumentException("everyN = " + everyN + ": use 1 or more");
      }
      if (maxFrames < 0) {
        throw new IllegalArgumentException(
            "maxFrames = " + maxFrames + ": use 0 (no limit) or more");
      }
    }
  }

  private final VideoSource source;
  private final Options options;
  private final Pacer pacer;
  private final Reconnector reconnector;
  private String endReason;
  private boolean gaveUp;
  private long kept;
  private long read;
  private long readThisPass;
  private boolean seeked;

  /** A stream that ends when its source ends or is lost (no reconnect). */
  public FrameStream(VideoSource source, Options options, Pacer pacer) {
    this(source, options, pacer, null);
  }

  /**
   * @param reconnector brings a lost live source back; null: a lost source ends the stream
   */
  public FrameStream(VideoSource source, Options options, Pacer pacer, Reconnector reconnector) {
    this.source = source;
    this.options = options;
    this.pacer = pacer;
    this.reconnector = reconnector;
  }

  /**
   * The next frame to publish, or {@code null} when the source or the frame budget is exhausted.
   */
  public DecodedFrame next() throws InterruptedException {
    if (options.maxFrames() > 0 && kept >= options.maxFrames()) {
      endReason = "max.frames reached";
      return null;
    }
    if (!seeked) {
      seeked = true;
      if (options.fromMicros() > 0 && source.kind() == VideoSource.Kind.FILE) {
        source.seek(options.fromMicros());
      }
    }
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("frame stream of " + source.source() + " stopped");
      }
      DecodedFrame f = source.next();
      if (f == null) {
        // loop only a file that produced frames in this pass, or an empty file would spin
        if (options.loop() && source.kind() == VideoSource.Kind.FILE && readThisPass > 0) {
          source.rewind();
          readThisPass = 0;
          continue;
        }
        if (reconnector != null && reconnector.handles(source)) {
          if (reconnector.reconnect(source)) {
            continue;
          }
          gaveUp = true;
        }
        endReason = source.lossReason() == null ? "end of source" : source.lossReason();
        return null;
      }
      if (f.ptsMicros() < options.fromMicros()) {
        continue; // before the range: a seek lands on the key frame before it
      }
      if (options.toMicros() > 0 && f.ptsMicros() >= options.toMicros()) {
        endReason = "end of range";
        return null;
      }
      long i = read++;
      readThisPass++;
      if (i % options.everyN() != 0) {
        continue;
      }
      pacer.await(f.ptsMicros());
      kept++;
      return f.withIndex(i);
    }
  }

  /** Why {@link #next()} returned null (end of file, lost source, max frames), or null. */
  public String endReason() {
    return endReason;
  }

  /** Whether the stream ended because a lost live source did not come back within its tries. */
  public boolean gaveUp() {
    return gaveUp;
  }

  /** Frames read from the source so far, kept or not. */
  public long framesRead() {
    return read;
  }

  /** Frames returned by {@link #next()} so far. */
  public long framesKept() {
    return kept;
  }
}
