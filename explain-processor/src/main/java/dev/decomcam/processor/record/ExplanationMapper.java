package dev.decomcam.processor.record;

import dev.decomcam.processor.decom.Ossm;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.decom.TrackedOssm;
import dev.decomcam.processor.decom.Tracking;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.engine.PreparedImage;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link ExplainedFrame} into the compact {@link Explanation} record: the saliency map at
 * model input resolution and each component's clamped map at feature resolution, both min-max
 * normalised and quantised to 8 bits (a 224×224 map is 49 KB, a 7×7 component 49 B), and each
 * component's tracked id (its rank for a method that explains frames on their own).
 */
public final class ExplanationMapper {
  private ExplanationMapper() {}

  public static Explanation toRecord(
      String cameraId,
      long sequence,
      long captureTimestampMs,
      ExplainedFrame<?> e,
      ModelSpec spec,
      String method,
      String mode,
      Map<String, Double> extraTimings) {
    ForwardResult f = e.forward();
    SaliencyResult s = e.saliency();
    PreparedImage p = e.prepared();
    int predicted = f.top1();
    List<Component> components = new ArrayList<>();
    Tracking tracking = s.tracking();
    for (int i = 0; i < s.components().size(); i++) {
      Ossm o = s.components().get(i);
      TrackedOssm tracked = tracking.components().get(i);
      float[] clamped = o.map().clone();
      for (int j = 0; j < clamped.length; j++) {
        clamped[j] = Math.max(0f, clamped[j]);
      }
      components.add(
          Component.newBuilder()
              .setId(tracked.id())
              .setRank(o.rank())
              .setWeight((float) o.weight())
              .setScore((float) o.score())
              .setEnergy((float) o.energy())
              .setMap(quantise(clamped, s.featureWidth(), s.featureHeight()))
              .setSimilarity((float) tracked.similarity())
              .setScoreReused(tracked.scoreReused())
              .build());
    }
    Map<String, Float> timings = new LinkedHashMap<>();
    e.timingsMs().forEach((k, v) -> timings.put(k, v.floatValue()));
    extraTimings.forEach((k, v) -> timings.put(k, v.floatValue()));
    return Explanation.newBuilder()
        .setCameraId(cameraId)
        .setSequence(sequence)
        .setCaptureTimestampMs(captureTimestampMs)
        .setModelId(spec.id())
        .setMethod(method)
        .setMode(mode)
        .setPredictedIndex(predicted)
        .setPredictedLabel(spec.labels().get(predicted))
        .setPredictedScore(f.probability(predicted))
        .setTargetIndex(f.target())
        .setTargetLabel(spec.labels().get(f.target()))
        .setTargetLogit(f.logits()[f.target()])
        .setInputWidth(s.width())
        .setInputHeight(s.height())
        .setCrop(
            List.of(
                (float) p.cropX(),
                (float) p.cropY(),
                (float) p.cropWidth(),
                (float) p.cropHeight()))
        .setSaliency(quantise(s.saliency(), s.width(), s.height()))
        .setComponents(components)
        .setTimingsMs(timings)
        .setReset(tracking.reset())
        .setMaskedForwards(tracking.maskedForwards())
        .setSubspaceAngle(
            Double.isNaN(tracking.subspaceAngle()) ? -1f : (float) tracking.subspaceAngle())
        .build();
  }

  /**
   * Min-max normalises {@code values} (row-major, width×height) to [0,1] and stores 8 bits per
   * cell.
   */
  public static SaliencyMap quantise(float[] values, int width, int height) {
    if (values.length != width * height) {
      throw new IllegalArgumentException(
          "map has " + values.length + " values, expected " + width + "x" + height);
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float range = max - min;
    byte[] out = new byte[values.length];
    if (range > 0 && Float.isFinite(range)) {
      for (int i = 0; i < values.length; i++) {
        out[i] = (byte) Math.round((values[i] - min) / range * 255f);
      }
    }
    return new SaliencyMap(width, height, "u8", ByteBuffer.wrap(out));
  }
}
