package dev.decomcam.ops.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.processor.decom.Ossm;
import dev.decomcam.processor.decom.SaliencyResult;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.npy.Npy;
import dev.decomcam.processor.npy.NpyArray;
import dev.decomcam.processor.record.ExplanationMapper;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.sink.render.OverlayRenderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes one explained image as files: {@code NAME.saliency.npy} (float32, input resolution),
 * {@code NAME.components.npy} (n×h×w float32 OSSMs before clamping), {@code NAME.json} and {@code
 * NAME.overlay.jpg} (rendered by the sink's renderer, so it matches the live overlays).
 */
final class ExplanationFiles {
  private final Path outDir;
  private final OverlayRenderer renderer = new OverlayRenderer();

  ExplanationFiles(Path outDir) throws IOException {
    this.outDir = Files.createDirectories(outDir);
  }

  void write(
      String name,
      String source,
      BufferedImage image,
      ExplainedFrame<?> e,
      ModelSpec spec,
      String method)
      throws IOException {
    SaliencyResult s = e.saliency();
    Npy.write(
        outDir.resolve(name + ".saliency.npy"), NpyArray.of(s.saliency(), s.height(), s.width()));
    List<Ossm> comps = s.components();
    int fh = s.featureHeight();
    int fw = s.featureWidth();
    float[] stacked = new float[comps.size() * fh * fw];
    for (int i = 0; i < comps.size(); i++) {
      System.arraycopy(comps.get(i).map(), 0, stacked, i * fh * fw, fh * fw);
    }
    Npy.write(outDir.resolve(name + ".components.npy"), NpyArray.of(stacked, comps.size(), fh, fw));
    Files.writeString(outDir.resolve(name + ".json"), json(source, e, spec, method));
    Explanation record =
        ExplanationMapper.toRecord(
            name, 0, System.currentTimeMillis(), e, spec, method, "full", java.util.Map.of());
    BufferedImage overlay = renderer.render(Yuv420.fromImage(image), record, 0).toImage();
    ImageIO.write(overlay, "jpg", outDir.resolve(name + ".overlay.jpg").toFile());
  }

  static String json(String source, ExplainedFrame<?> e, ModelSpec spec, String method) {
    ForwardResult f = e.forward();
    SaliencyResult s = e.saliency();
    JsonObject root = new JsonObject();
    root.addProperty("source", source);
    root.addProperty("model", spec.id());
    root.addProperty("method", method);
    JsonObject predicted = new JsonObject();
    int top = f.top1();
    predicted.addProperty("index", top);
    predicted.addProperty("label", spec.labels().get(top));
    predicted.addProperty("score", f.probability(top));
    predicted.addProperty("logit", f.logits()[top]);
    root.add("predicted", predicted);
    JsonObject target = new JsonObject();
    target.addProperty("index", f.target());
    target.addProperty("label", spec.labels().get(f.target()));
    target.addProperty("logit", f.logits()[f.target()]);
    root.add("target", target);
    JsonArray weights = new JsonArray();
    JsonArray scores = new JsonArray();
    JsonArray singular = new JsonArray();
    JsonArray energy = new JsonArray();
    for (Ossm o : s.components()) {
      weights.add(o.weight());
      scores.add(o.score());
      singular.add(o.singularValue());
      energy.add(o.energy());
    }
    root.add("weights", weights);
    root.add("scores", scores);
    root.add("singularValues", singular);
    root.add("energy", energy);
    JsonArray input = new JsonArray();
    input.add(s.width());
    input.add(s.height());
    root.add("inputSize", input);
    JsonArray crop = new JsonArray();
    crop.add(e.prepared().cropX());
    crop.add(e.prepared().cropY());
    crop.add(e.prepared().cropWidth());
    crop.add(e.prepared().cropHeight());
    root.add("crop", crop);
    JsonObject timings = new JsonObject();
    e.timingsMs().forEach(timings::addProperty);
    root.add("timings", timings);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root);
  }
}
