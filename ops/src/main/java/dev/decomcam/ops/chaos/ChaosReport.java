package dev.decomcam.ops.chaos;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of a crash test, as written to {@code chaos.json}. */
public record ChaosReport(
    ChaosVerdict verdict, int processorKills, int brokerRestarts, double seconds) {
  public static final String FILE = "chaos.json";

  /** Nothing lost, repeated or reordered, and every camera that moved resumed warm. */
  public boolean passed() {
    return verdict.passed();
  }

  public long missing() {
    return verdict.missing();
  }

  public long duplicated() {
    return verdict.duplicated();
  }

  public long outOfOrder() {
    return verdict.outOfOrder();
  }

  public int warmResumes() {
    return verdict.warmResumes();
  }

  public int coldResumes() {
    return verdict.coldResumes();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frames", verdict.frames());
    m.put("explanations", verdict.explanations());
    m.put("overlays", verdict.overlays());
    m.put("missing", verdict.missing());
    m.put("duplicated", verdict.duplicated());
    m.put("out_of_order", verdict.outOfOrder());
    m.put("processor_kills", processorKills);
    m.put("broker_restarts", brokerRestarts);
    m.put("warm_resumes", verdict.warmResumes());
    m.put("cold_resumes", verdict.coldResumes());
    m.put("resumes_at_content_change", verdict.contentResumes());
    m.put("other_resets", verdict.otherResets());
    m.put("seconds", Math.round(seconds * 10) / 10.0);
    m.put("passed", passed());
    m.put("problems", verdict.problems());
    return m;
  }

  public String toJson() {
    return new GsonBuilder().setPrettyPrinting().create().toJson(toMap());
  }

  /** Writes {@value #FILE} into {@code dir}; returns its path. */
  public Path write(Path dir) throws IOException {
    return Files.writeString(dir.resolve(FILE), toJson() + "\n");
  }
}
