package dev.decomcam.ops.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run in its own JVM from this JVM's class path, its output appended to a log
 * file. {@link #kill} is SIGKILL: the process gets no chance to clean up, as in a crash.
 */
final class JavaProcess {
  /** System properties handed on to the children (native caches, offline models, Avro). */
  private static final List<String> INHERITED =
      List.of(
          "ai.djl.offline",
          "DJL_CACHE_DIR",
          "ENGINE_CACHE_DIR",
          "org.bytedeco.javacpp.cachedir",
          "org.apache.avro.SERIALIZABLE_PACKAGES",
          "ai.djl.pytorch.num_threads",
          "ai.djl.pytorch.num_interop_threads",
          "ai.djl.onnxruntime.num_threads",
          "ai.djl.onnxruntime.num_interop_threads",
          "decomcam.root");

  private final String name;
  private final Process process;

  private JavaProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code mainClass args} with heap {@code heap} (e.g. 512m); output goes to {@code log}.
   */
  static JavaProcess start(String name, String heap, String mainClass, List<String> args, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    // few GC threads: several JVMs share a small machine
    cmd.add("-XX:+UseSerialGC");
    for (String p : INHERITED) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new JavaProcess(name, p);
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGKILL and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Asks the process to stop (SIGTERM), then kills it if it has not ended within {@code seconds}.
   */
  void stop(int seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** Waits for the process to end; returns its exit status, or -1 if it runs on past the wait. */
  int await(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
