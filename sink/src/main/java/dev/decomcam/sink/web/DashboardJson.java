package dev.decomcam.sink.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The dashboard's JSON, built with Gson: camera ids and labels come from records and may hold
 * quotes, backslashes or control characters. Maps travel as base64 of their 8-bit cells, so the
 * browser draws heatmaps, outlines and thumbnails itself.
 */
final class DashboardJson {
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private DashboardJson() {}

  /** {@code /api/cameras}: camera id to its summary. */
  static JsonObject cameras(CameraBoard board) {
    JsonObject json = new JsonObject();
    long now = board.now();
    for (CameraState c : board.cameras()) {
      json.add(c.id(), summary(c, now));
    }
    return json;
  }

  /** The wall's numbers of one camera: what the newest overlay says, rates and health. */
  static JsonObject summary(CameraState c, long now) {
    JsonObject j = new JsonObject();
    Overlay o = c.overlay();
    j.addProperty("id", c.id());
    j.addProperty("health", c.health(now));
    double[] rates = c.rates(now);
    j.addProperty("explainedPerSecond", round(rates[0], 100));
    j.addProperty("skippedPerSecond", round(rates[1], 100));
    j.addProperty("overlayAgeMs", c.overlayAgeMs(now));
    if (o != null) {
      j.addProperty("sequence", o.getSequence());
      j.addProperty("label", o.getLabel());
      j.addProperty("score", round(o.getScore(), 1e4));
      j.addProperty("latencyMs", o.getLatencyMs());
      j.addProperty("renderMs", round(o.getRenderMs(), 100));
      j.addProperty("skipped", o.getSkipped());
      j.addProperty("skipReason", o.getSkipReason());
      j.addProperty("overdue", o.getOverdue());
      j.addProperty("explanationSequence", o.getExplanationSequence());
      j.addProperty("explanationAgeMs", o.getExplanationAgeMs());
      j.addProperty("explanationAgeFrames", o.getExplanationAgeFrames());
      j.addProperty("width", o.getWidth());
      j.addProperty("height", o.getHeight());
    }
    return j;
  }

  /** {@code /api/cameras/{id}}: the summary and the newest explanation without its components. */
  static JsonObject camera(CameraState c, long now) {
    JsonObject j = summary(c, now);
    j.addProperty("stateBytes", c.bytes());
    CameraState.Explained x = c.explained();
    j.add("explained", x == null ? JsonNull.INSTANCE : explained(x));
    return j;
  }

  static JsonObject explained(CameraState.Explained x) {
    Explanation e = x.explanation();
    JsonObject j = new JsonObject();
    j.addProperty("sequence", e.getSequence());
    j.addProperty("captureTimestampMs", e.getCaptureTimestampMs());
    j.addProperty("frame", x.frame() != null);
    if (x.frame() != null) {
      j.addProperty("width", x.frame().width());
      j.addProperty("height", x.frame().height());
    }
    j.addProperty("modelId", e.getModelId());
    j.addProperty("method", e.getMethod());
    j.addProperty("mode", e.getMode());
    JsonObject predicted = new JsonObject();
    predicted.addProperty("index", e.getPredictedIndex());
    predicted.addProperty("label", e.getPredictedLabel());
    predicted.addProperty("score", round(e.getPredictedScore(), 1e4));
    j.add("predicted", predicted);
    JsonObject target = new JsonObject();
    target.addProperty("index", e.getTargetIndex());
    target.addProperty("label", e.getTargetLabel());
    target.addProperty("logit", round(e.getTargetLogit(), 1e4));
    // the processor chooses the class for all cameras (its target setting), not per camera
    target.addProperty("choice", "processor");
    j.add("target", target);
    JsonArray crop = new JsonArray();
    e.getCrop().forEach(crop::add);
    j.add("crop", crop);
    j.addProperty("inputWidth", e.getInputWidth());
    j.addProperty("inputHeight", e.getInputHeight());
    j.addProperty("reset", e.getReset());
    j.addProperty("maskedForwards", e.getMaskedForwards());
    j.addProperty("subspaceAngle", round(e.getSubspaceAngle(), 1e4));
    j.add("saliency", map(e.getSaliency()));
    return j;
  }

  /** {@code /api/cameras/{id}/components}: the newest explanation's components. */
  static JsonObject components(CameraState c) {
    JsonObject j = new JsonObject();
    CameraState.Explained x = c.explained();
    JsonArray list = new JsonArray();
    if (x != null) {
      Explanation e = x.explanation();
      j.addProperty("sequence", e.getSequence());
      for (Component comp : e.getComponents()) {
        JsonObject k = new JsonObject();
        k.addProperty("id", comp.getId());
        k.addProperty("rank", comp.getRank());
        k.addProperty("weight", round(comp.getWeight(), 1e4));
        k.addProperty("score", round(comp.getScore(), 1e4));
        k.addProperty("energy", round(comp.getEnergy(), 1e4));
        k.addProperty("similarity", round(comp.getSimilarity(), 1e4));
        k.addProperty("scoreReused", comp.getScoreReused());
        long[] born = x.births().get(comp.getId());
        k.addProperty("ageFrames", born == null ? 0 : e.getSequence() - born[0]);
        k.addProperty("ageMs", born == null ? 0 : e.getCaptureTimestampMs() - born[1]);
        k.add("map", map(comp.getMap()));
        list.add(k);
      }
    } else {
      j.add("sequence", JsonNull.INSTANCE);
    }
    j.add("components", list);
    return j;
  }

  /** {@code /api/cameras/{id}/timeline}: lifetimes, resets and target changes. */
  static JsonObject timeline(CameraState c) {
    JsonObject j = new JsonObject();
    long[] window = c.eventWindow();
    j.addProperty("from", window[0]);
    j.addProperty("to", window[1]);
    JsonArray lifetimes = new JsonArray();
    for (CameraState.Lifetime l : c.lifetimes()) {
      JsonObject k = new JsonObject();
      k.addProperty("id", l.id());
      k.addProperty("from", l.from());
      k.add("to", l.to() < 0 ? JsonNull.INSTANCE : num(l.to()));
      k.addProperty("alive", l.to() < 0);
      k.addProperty("endReason", l.endReason());
      lifetimes.add(k);
    }
    j.add("lifetimes", lifetimes);
    JsonArray resets = new JsonArray();
    for (CameraState.Reset r : c.resets()) {
      JsonObject k = new JsonObject();
      k.addProperty("sequence", r.sequence());
      k.addProperty("reason", r.reason());
      resets.add(k);
    }
    j.add("resets", resets);
    JsonArray changes = new JsonArray();
    for (CameraState.TargetChange t : c.targetChanges()) {
      JsonObject k = new JsonObject();
      k.addProperty("sequence", t.sequence());
      k.addProperty("fromIndex", t.fromIndex());
      k.addProperty("fromLabel", t.fromLabel());
      k.addProperty("toIndex", t.toIndex());
      k.addProperty("toLabel", t.toLabel());
      changes.add(k);
    }
    j.add("targetChanges", changes);
    return j;
  }

  private static JsonObject map(SaliencyMap m) {
    JsonObject j = new JsonObject();
    j.addProperty("width", m.getWidth());
    j.addProperty("height", m.getHeight());
    ByteBuffer b = m.getData().duplicate();
    byte[] data = new byte[b.remaining()];
    b.get(data);
    j.addProperty("data", Base64.getEncoder().encodeToString(data));
    return j;
  }

  private static JsonElement num(long v) {
    return new com.google.gson.JsonPrimitive(v);
  }

  private static double round(double v, double scale) {
    return Double.isFinite(v) ? Math.round(v * scale) / scale : -1;
  }
}
