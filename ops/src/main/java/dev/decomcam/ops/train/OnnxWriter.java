package dev.decomcam.ops.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link FoldedNet} as an ONNX model (IR version 7, opset 13): input {@code input}
 * [N,3,H,W] with a symbolic batch, outputs {@code features} (the last conv block's ReLU output)
 * and {@code logits} (GlobalAveragePool, Flatten, Gemm). Field numbers follow
 * https://github.com/onnx/onnx/blob/main/onnx/onnx.proto.
 */
final class OnnxWriter {

  // TensorProto.DataType.FLOAT and AttributeProto.AttributeType values from onnx.proto
  private static final int FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  private OnnxWriter() {}

  static void write(Path file, FoldedNet net, int inputWidth, int inputHeight, int featureWidth, int featureHeight)
      throws IOException {
    Proto graph = new Proto();
    List<Proto> initializers = new ArrayList<>();
    String x = "input";
    List<FoldedNet.Conv> convs = net.convs();
    for (int i = 0; i < convs.size(); i++) {
      FoldedNet.Conv c = convs.get(i);
      String w = "block" + (i + 1) + ".weight";
      String b = "block" + (i + 1) + ".bias";
      initializers.add(tensor(w, new long[] {c.out(), c.in(), 3, 3}, c.weight()));
      initializers.add(tensor(b, new long[] {c.out()}, c.bias()));
      String conv = "block" + (i + 1) + ".conv";
      String relu = i == convs.size() - 1 ? "features" : "block" + (i + 1);
      graph.message(1, node("Conv", conv, List.of(x, w, b), conv,
          ints("kernel_shape", 3, 3), ints("strides", c.stride(), c.stride()), ints("pads", c.dilation(), c.dilation(), c.dilation(), c.dilation()),
          ints("dilations", c.dilation(), c.dilation()), integer("group", 1)));
      graph.message(1, node("Relu", relu, List.of(conv), relu));
      x = relu;
    }
    int channels = convs.get(convs.size() - 1).out();
    initializers.add(tensor("head.weight", new long[] {net.classes(), channels}, net.linearWeight()));
    initializers.add(tensor("head.bias", new long[] {net.classes()}, net.linearBias()));
    graph.message(1, node("GlobalAveragePool", "head.pool", List.of("features"), "head.pool"));
    graph.message(1, node("Flatten", "head.flatten", List.of("head.pool"), "head.flatten", integer("axis", 1)));
    graph.message(1, node("Gemm", "head.linear", List.of("head.flatten", "head.weight", "head.bias"), "logits",
        integer("transB", 1)));
    graph.string(2, "demo-shapes");
    for (Proto t : initializers) {
      graph.message(5, t);
    }
    graph.message(11, valueInfo("input", "N", 3, inputHeight, inputWidth));
    graph.message(12, valueInfo("features", "N", channels, featureHeight, featureWidth));
    graph.message(12, valueInfo("logits", "N", net.classes()));

    Proto model = new Proto()
        .varint(1, 7)
        .string(2, "decomcam-train")
        .string(3, "1")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13));
    Files.write(file, model.toByteArray());
  }

  private static Proto tensor(String name, long[] dims, float[] data) {
    Proto t = new Proto();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, FLOAT).string(8, name).bytes(9, Proto.littleEndian(data));
  }

  private static Proto node(String op, String name, List<String> inputs, String output, Proto... attributes) {
    Proto n = new Proto();
    for (String in : inputs) {
      n.string(1, in);
    }
    n.string(2, output).string(3, name).string(4, op);
    for (Proto a : attributes) {
      n.message(5, a);
    }
    return n;
  }

  private static Proto ints(String name, long... values) {
    Proto a = new Proto().string(1, name).varint(20, ATTR_INTS);
    for (long v : values) {
      a.varint(8, v);
    }
    return a;
  }

  private static Proto integer(String name, long value) {
    return new Proto().string(1, name).varint(20, ATTR_INT).varint(3, value);
  }

  /** A float tensor value info; the first dimension is symbolic, the rest fixed. */
  private static Proto valueInfo(String name, String batch, int... dims) {
    Proto shape = new Proto().message(1, new Proto().string(2, batch));
    for (int d : dims) {
      shape.message(1, new Proto().varint(1, d));
    }
    Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }
}
