package dev.decomcam.schemas.serde;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Header names and builders for dead-letter records. A dead letter keeps the original key and value
 * bytes untouched, so it can be inspected or replayed; why it failed and where it came from travel
 * in headers.
 */
public final class DeadLetters {
  public static final String ERROR = "dlq.error";
  public static final String STAGE = "dlq.stage";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";
  public static final String TIME = "dlq.time";

  private DeadLetters() {}

  /** Headers for a record that failed in {@code stage} with the one-line reason {@code error}. */
  public static Headers headers(
      String stage, String error, String topic, int partition, long offset) {
    RecordHeaders h = new RecordHeaders();
    h.add(ERROR, utf8(oneLine(error)));
    h.add(STAGE, utf8(stage));
    h.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    h.add(TIME, utf8(Long.toString(System.currentTimeMillis())));
    return h;
  }

  /**
   * Collapses whitespace (engine tracebacks span lines) and caps the length: a reason is one line.
   */
  public static String oneLine(String error) {
    if (error == null || error.isBlank()) {
      return "unknown error";
    }
    String s = error.strip().replaceAll("\\s+", " ");
    return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }

  /** The value of a header as text, or null when absent. */
  public static String text(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
