package dev.decomcam.processor.topology;

import dev.decomcam.schemas.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configuration keys of the explain-processor, with defaults that run on one machine. */
public final class ProcessorConfig {
  public static final String BOOTSTRAP = "bootstrap.servers";
  public static final String APPLICATION_ID = "application.id";
  public static final String TOPIC_FRAMES = "topic.frames";
  public static final String TOPIC_EXPLANATIONS = "topic.explanations";
  public static final String TOPIC_DEAD_LETTER = "topic.dead-letter";
  public static final String MODEL_SPEC = "model.spec";
  public static final String MODEL_ENGINE = "model.engine";
  public static final String MODEL_RESIZE = "model.resize";
  public static final String MODEL_DEVICE = "model.device";
  public static final String METHOD = "method";
  public static final String TARGET = "target";
  public static final String TOP_K = "decomcam.top-k";
  public static final String COMPONENTS = "decomcam.components";
  public static final String SIGMA = "decomcam.sigma";
  public static final String SCORE = "decomcam.score";
  public static final String MAX_FRAME_BYTES = "frame.max.bytes";
  public static final String STREAM_THREADS = "num.stream.threads";
  public static final String NATIVE_THREADS = "native.threads";
  public static final String STATE_DIR = "state.dir";
  /** Keys starting with this prefix pass through to Kafka Streams (e.g. streams.commit.interval.ms). */
  public static final String STREAMS_PREFIX = "streams.";

  private ProcessorConfig() {}

  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(BOOTSTRAP, "127.0.0.1:9092");
    d.put(APPLICATION_ID, "decomcam-explain");
    d.put(TOPIC_FRAMES, "frames");
    d.put(TOPIC_EXPLANATIONS, "explanations");
    d.put(TOPIC_DEAD_LETTER, "dead-letter");
    d.put(MODEL_SPEC, "models/demo-shapes/spec.json");
    d.put(MODEL_ENGINE, "");
    d.put(MODEL_RESIZE, "");
    d.put(MODEL_DEVICE, "cpu");
    d.put(METHOD, "decomcam");
    d.put(TARGET, "-1");
    d.put(TOP_K, "100");
    d.put(COMPONENTS, "10");
    d.put(SIGMA, "10");
    d.put(SCORE, "logit");
    d.put(MAX_FRAME_BYTES, Integer.toString(4 << 20));
    d.put(STREAM_THREADS, "1");
    d.put(NATIVE_THREADS, "1");
    d.put(STATE_DIR, System.getProperty("java.io.tmpdir") + "/decomcam-streams");
    return d;
  }

  public static ExplainTopology.Options topologyOptions(Settings s) {
    return new ExplainTopology.Options(s.get(TOPIC_FRAMES), s.get(TOPIC_EXPLANATIONS), s.get(TOPIC_DEAD_LETTER),
        s.getInt(MAX_FRAME_BYTES, 1024, Integer.MAX_VALUE));
  }
}
