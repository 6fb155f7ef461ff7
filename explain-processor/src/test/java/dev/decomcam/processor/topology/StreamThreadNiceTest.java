package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StreamThreadNiceTest {

  /** The nice value of a thread as the kernel shows it: field 19 of its stat line. */
  private static int niceOf(int tid) throws Exception {
    String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void lowersTheCallingThreadOnlyByTheIncrement() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/proc/thread-self")), "per-thread nice is Linux-only: skipped");
    int callerTid = StreamThreadNice.threadId();
    int callerBefore = niceOf(callerTid);
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                int tid = StreamThreadNice.threadId();
                int before = niceOf(tid);
                Integer after = StreamThreadNice.lower(3);
                seen.set(new int[] {before, after, niceOf(tid), StreamThreadNice.current()});
              } catch (Exception e) {
                seen.set(e);
              }
            });
    t.start();
    t.join();
    if (seen.get() instanceof Exception e) {
      throw e;
    }
    int[] r = (int[]) seen.get();
    int expected = Math.min(19, r[0] + 3);
    assertEquals(expected, r[1], "returned nice");
    assertEquals(expected, r[2], "nice in /proc");
    assertEquals(expected, r[3], "nice from getpriority");
    assertEquals(callerBefore, niceOf(callerTid), "the calling thread only, not the process");
  }

  @Test
  void zeroLeavesTheThreadAsItIs() {
    assertNull(StreamThreadNice.lower(0));
  }
}
