package dev.decomcam.processor.topology;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the OS scheduling priority of the calling thread (Linux: raises its nice value by {@code
 * stream.thread.nice}), for a stream thread once it explains a live camera. Explaining a live
 * camera is the part of the pipeline that gives way under load (its stale frames are skipped),
 * while ingest, the broker and the sink must handle every frame: when the cores are full, such a
 * thread runs on what those leave, so every frame keeps reaching its overlay on time and explaining
 * still uses the rest. A recording's frames are all explained, so a thread that only ever explains
 * recordings keeps its priority. Raising a thread's nice value needs no privilege, lowering it
 * again does, so the step is taken once and kept. Where the platform offers no per-thread nice (not
 * Linux), or the call fails, the thread runs as before and a line says so once.
 */
final class StreamThreadNice {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadNice.class);

  /** {@code PRIO_PROCESS}: on Linux, with a thread id, that thread alone. */
  private static final int PRIO_PROCESS = 0;

  private static volatile boolean warned;

  /** Whether the calling thread took its step already. */
  private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);

  private interface LibC extends Library {
    int getpriority(int which, int who);

    int setpriority(int which, int who, int prio);
  }

  private StreamThreadNice() {}

  /** {@link #lower} on the calling thread's first call only; later calls cost a look-up. */
  static void lowerOnce(int increment) {
    if (increment > 0 && !LOWERED.get()) {
      LOWERED.set(true);
      lower(increment);
    }
  }

  /**
   * Raises the calling thread's nice value by {@code increment} (at most to 19); returns the nice
   * value it runs at, or null when it could not be changed.
   */
  static Integer lower(int increment) {
    if (increment <= 0) {
      return null;
    }
    try {
      LibC c = Holder.LIBC;
      int tid = threadId();
      int now = c.getpriority(PRIO_PROCESS, tid);
      int target = Math.min(19, now + increment);
      if (c.setpriority(PRIO_PROCESS, tid, target) != 0) {
        throw new IllegalStateException("setpriority failed (errno " + Native.getLastError() + ")");
      }
      return target;
    } catch (RuntimeException | LinkageError e) {
      if (!warned) {
        warned = true;
        LOG.info(
            "stream threads run at the same priority as the other threads: {} ({}=0 silences"
                + " this)",
            e.toString(),
            ProcessorConfig.STREAM_THREAD_NICE);
      }
      return null;
    }
  }

  /** The calling thread's id in the kernel: the last element of {@code /proc/thread-self}. */
  static int threadId() {
    try {
      return Integer.parseInt(
          Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    } catch (java.io.IOException | UnsupportedOperationException | NumberFormatException e) {
      throw new IllegalStateException("no per-thread id (/proc/thread-self): " + e.getMessage());
    }
  }

  /** The calling thread's nice value, as the kernel reports it. */
  static int current() {
    return Holder.LIBC.getpriority(PRIO_PROCESS, threadId());
  }

  /** Loaded on first use: a platform without libc fails in {@link #lower}, not at class load. */
  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }
}
