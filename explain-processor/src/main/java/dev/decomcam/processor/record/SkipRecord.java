package dev.decomcam.processor.record;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Explanation} of a frame that was skipped, not explained (a live camera under
 * overload): the same camera, sequence and capture time as the frame, so the sink still joins
 * exactly one explanation to every frame, with {@code skipped} set, the reason, and empty model
 * fields (index -1, labels "", scores 0, a 0x0 saliency map, no crop or components, no reset, no
 * masked forwards, no subspace angle).
 */
public final class SkipRecord {
  private SkipRecord() {}

  /**
   * @param reason why the frame was skipped, one line
   * @param timingsMs what was spent on the frame before it was skipped (e.g. "decode")
   */
  public static Explanation toRecord(
      String cameraId,
      long sequence,
      long captureTimestampMs,
      String modelId,
      String method,
      String mode,
      String reason,
      Map<String, Double> timingsMs) {
    if (reason == null || reason.isBlank() || reason.contains("\n")) {
      throw new IllegalArgumentException(
          "skip record of "
              + cameraId
              + "#"
              + sequence
              + " needs a one-line reason, got '"
              + reason
              + "'");
    }
    Map<String, Float> timings = new LinkedHashMap<>();
    timingsMs.forEach((k, v) -> timings.put(k, v.floatValue()));
    return Explanation.newBuilder()
        .setCameraId(cameraId)
        .setSequence(sequence)
        .setCaptureTimestampMs(captureTimestampMs)
        .setModelId(modelId)
        .setMethod(method)
        .setMode(mode)
        .setPredictedIndex(-1)
        .setPredictedLabel("")
        .setPredictedScore(0f)
        .setTargetIndex(-1)
        .setTargetLabel("")
        .setTargetLogit(0f)
        .setInputWidth(0)
        .setInputHeight(0)
        .setCrop(List.of())
        .setSaliency(new SaliencyMap(0, 0, "u8", ByteBuffer.wrap(new byte[0])))
        .setComponents(List.of())
        .setTimingsMs(timings)
        .setReset(false)
        .setMaskedForwards(0)
        .setSubspaceAngle(-1f)
        .setSkipped(true)
        .setSkipReason(reason)
        .build();
  }
}
