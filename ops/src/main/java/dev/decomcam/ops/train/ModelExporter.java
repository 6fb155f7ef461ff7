package dev.decomcam.ops.train;

import com.google.gson.GsonBuilder;
import dev.decomcam.ops.demo.ShapeClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the demo model directory: {@code backbone.pt} (image → features), {@code head.pt}
 * (features → logits), {@code full.pt} (image → (features, logits)), {@code model.onnx} (outputs
 * {@code features} and {@code logits}), {@code labels.txt} and {@code spec.json}. All weights come
 * from one {@link FoldedNet}, so every format computes the same function.
 */
public final class ModelExporter {

  /** Model id written into the spec. */
  public static final String MODEL_ID = "demo-shapes-v1";

  private ModelExporter() {}

  /** Exports a trained network into {@code dir} (created if missing). */
  public static void export(TrainedNet net, Path dir) throws IOException {
    export(FoldedNet.of(net.model().getBlock()), dir);
  }

  /** Exports folded weights into {@code dir} (created if missing). */
  public static void export(FoldedNet net, Path dir) throws IOException {
    Files.createDirectories(dir);
    int size = DemoNet.INPUT_SIZE;
    int fs = DemoNet.featureSize();
    List<TorchScriptWriter.Tensor> backbone = backboneTensors(net);
    List<TorchScriptWriter.Tensor> head = headTensors(net);
    TorchScriptWriter.write(
        dir.resolve("backbone.pt"),
        "Backbone",
        backbone,
        "  def forward(self: __torch__.Backbone,\n    input: Tensor) -> Tensor:\n"
            + backboneBody(net)
            + "    return x"
            + net.convs().size()
            + "\n");
    TorchScriptWriter.write(
        dir.resolve("head.pt"),
        "Head",
        head,
        "  def forward(self: __torch__.Head,\n    features: Tensor) -> Tensor:\n"
            + headBody("features"));
    List<TorchScriptWriter.Tensor> all = new ArrayList<>(backbone);
    all.addAll(head);
    TorchScriptWriter.write(
        dir.resolve("full.pt"),
        "Full",
        all,
        "  def forward(self: __torch__.Full,\n    input: Tensor) -> Tuple[Tensor, Tensor]:\n"
            + backboneBody(net)
            + headBody("x" + net.convs().size()).replace("    return ", "    logits = ")
            + "    return (x"
            + net.convs().size()
            + ", logits)\n");
    OnnxWriter.write(dir.resolve("model.onnx"), net, size, size, fs, fs);
    Files.write(dir.resolve("labels.txt"), ShapeClass.labels(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("spec.json"), specJson() + "\n", StandardCharsets.UTF_8);
  }

  /** The spec: files, input size, preprocessing, explained layer, labels and head kind. */
  static String specJson() {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("backbone", "backbone.pt");
    files.put("head", "head.pt");
    files.put("full", "full.pt");
    files.put("onnx", "model.onnx");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("id", MODEL_ID);
    spec.put("engine", "PyTorch");
    spec.put("files", files);
    spec.put("inputSize", List.of(DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE));
    spec.put("resize", "stretch");
    spec.put("colorOrder", "RGB");
    spec.put("mean", floats(ImageTensors.MEAN));
    spec.put("std", floats(ImageTensors.STD));
    spec.put("featureLayer", DemoNet.FEATURE_LAYER);
    spec.put("labels", "labels.txt");
    spec.put("headKind", "gap-linear");
    return new GsonBuilder().setPrettyPrinting().create().toJson(spec);
  }

  private static List<Float> floats(float[] v) {
    List<Float> out = new ArrayList<>();
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  private static List<TorchScriptWriter.Tensor> backboneTensors(FoldedNet net) {
    List<TorchScriptWriter.Tensor> out = new ArrayList<>();
    for (int i = 0; i < net.convs().size(); i++) {
      FoldedNet.Conv c = net.convs().get(i);
      out.add(
          new TorchScriptWriter.Tensor(
              "block" + (i + 1) + "_weight", new long[] {c.out(), c.in(), 3, 3}, c.weight()));
      out.add(
          new TorchScriptWriter.Tensor(
              "block" + (i + 1) + "_bias", new long[] {c.out()}, c.bias()));
    }
    return out;
  }

  private static List<TorchScriptWriter.Tensor> headTensors(FoldedNet net) {
    int channels = net.convs().get(net.convs().size() - 1).out();
    return List.of(
        new TorchScriptWriter.Tensor(
            "head_weight", new long[] {net.classes(), channels}, net.linearWeight()),
        new TorchScriptWriter.Tensor("head_bias", new long[] {net.classes()}, net.linearBias()));
  }

  private static String backboneBody(FoldedNet net) {
    StringBuilder s = new StringBuilder();
    String x = "input";
    for (int i = 0; i < net.convs().size(); i++) {
      int n = i + 1;
      int st = net.convs().get(i).stride();
      int d = net.convs().get(i).dilation();
      s.append("    x")
          .append(n)
          .append(" = torch.relu(torch.conv2d(")
          .append(x)
          .append(", self.block")
          .append(n)
          .append("_weight, self.block")
          .append(n)
          .append("_bias, [")
          .append(st)
          .append(", ")
          .append(st)
          .append("], [")
          .append(d)
          .append(", ")
          .append(d)
          .append("], [")
          .append(d)
          .append(", ")
          .append(d)
          .append("], 1))\n");
      x = "x" + n;
    }
    return s.toString();
  }

  private static String headBody(String features) {
    return "    pooled = torch.mean("
        + features
        + ", [2, 3])\n"
        + "    return torch.linear(pooled, self.head_weight, self.head_bias)\n";
  }
}
