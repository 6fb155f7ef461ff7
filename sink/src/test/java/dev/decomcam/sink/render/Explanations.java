package dev.decomcam.sink.render;

import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Hand-made explanations for tests. */
public final class Explanations {
  private Explanations() {}

  /** A u8 map with a Gaussian blob peaking (255) at cell (px, py). */
  public static SaliencyMap blob(int w, int h, double px, double py, double sigma) {
    byte[] d = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double g = Math.exp(-((x - px) * (x - px) + (y - py) * (y - py)) / (2 * sigma * sigma));
        d[y * w + x] = (byte) Math.round(255 * g);
      }
    }
    return SaliencyMap.newBuilder()
        .setWidth(w)
        .setHeight(h)
        .setEncoding("u8")
        .setData(ByteBuffer.wrap(d))
        .build();
  }

  public static Component component(int id, float weight, SaliencyMap map) {
    return Component.newBuilder()
        .setId(id)
        .setRank(id)
        .setWeight(weight)
        .setScore(1f)
        .setEnergy(0.5f)
        .setMap(map)
        .build();
  }

  /**
   * An explanation of camera {@code cam}, sequence {@code seq}, 224x224 input, saliency peak at
   * input (px, py).
   */
  public static Explanation of(
      String cam, long seq, List<Float> crop, double px, double py, List<Component> comps) {
    return Explanation.newBuilder()
        .setCameraId(cam)
        .setSequence(seq)
        .setCaptureTimestampMs(1000 + seq)
        .setModelId("test")
        .setMethod("decomcam")
        .setMode("full")
        .setPredictedIndex(22)
        .setPredictedLabel("bald eagle")
        .setPredictedScore(0.72f)
        .setTargetIndex(22)
        .setTargetLabel("bald eagle")
        .setTargetLogit(9f)
        .setInputWidth(224)
        .setInputHeight(224)
        .setCrop(crop)
        .setSaliency(blob(224, 224, px, py, 20))
        .setComponents(comps)
        .setTimingsMs(Map.of())
        .build();
  }
}
