package dev.decomcam.ops.train;

import com.google.protobuf.ByteString;
import dev.decomcam.processor.engine.onnx.Onnx.AttributeProto;
import dev.decomcam.processor.engine.onnx.Onnx.GraphProto;
import dev.decomcam.processor.engine.onnx.Onnx.ModelProto;
import dev.decomcam.processor.engine.onnx.Onnx.NodeProto;
import dev.decomcam.processor.engine.onnx.Onnx.OperatorSetIdProto;
import dev.decomcam.processor.engine.onnx.Onnx.TensorProto;
import dev.decomcam.processor.engine.onnx.Onnx.TensorShapeProto;
import dev.decomcam.processor.engine.onnx.Onnx.TypeProto;
import dev.decomcam.processor.engine.onnx.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link FoldedNet} as an ONNX model (IR version 7, opset 13) through the classes
 * generated from {@code onnx.proto}: input {@code input} [N,3,H,W] with a symbolic batch, outputs
 * {@code features} (the last conv block's ReLU output) and {@code logits} (GlobalAveragePool,
 * Flatten, Gemm). Weights are float32 initializers in {@code raw_data}.
 */
final class OnnxWriter {

  private static final long IR_VERSION = 7;
  private static final long OPSET = 13;

  private OnnxWriter() {}

  static void write(
      Path file,
      FoldedNet net,
      int inputWidth,
      int inputHeight,
      int featureWidth,
      int featureHeight)
      throws IOException {
    Files.write(
        file, model(net, inputWidth, inputHeight, featureWidth, featureHeight).toByteArray());
  }

  /** The model message {@link #write} serialises. */
  static ModelProto model(
      FoldedNet net, int inputWidth, int inputHeight, int featureWidth, int featureHeight) {
    GraphProto.Builder graph = GraphProto.newBuilder();
    List<TensorProto> initializers = new ArrayList<>();
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
      int d = c.dilation();
      graph.addNode(
          node(
              "Conv",
              conv,
              List.of(x, w, b),
              conv,
              ints("kernel_shape", 3, 3),
              ints("strides", c.stride(), c.stride()),
              ints("pads", d, d, d, d),
              ints("dilations", d, d),
              integer("group", 1)));
      graph.addNode(node("Relu", relu, List.of(conv), relu));
      x = relu;
    }
    int channels = convs.get(convs.size() - 1).out();
    initializers.add(
        tensor("head.weight", new long[] {net.classes(), channels}, net.linearWeight()));
    initializers.add(tensor("head.bias", new long[] {net.classes()}, net.linearBias()));
    graph.addNode(node("GlobalAveragePool", "head.pool", List.of("features"), "head.pool"));
    graph.addNode(
        node("Flatten", "head.flatten", List.of("head.pool"), "head.flatten", integer("axis", 1)));
    graph.addNode(
        node(
            "Gemm",
            "head.linear",
            List.of("head.flatten", "head.weight", "head.bias"),
            "logits",
            integer("transB", 1)));
    graph
        .setName("demo-shapes")
        .addAllInitializer(initializers)
        .addInput(valueInfo("input", "N", 3, inputHeight, inputWidth))
        .addOutput(valueInfo("features", "N", channels, featureHeight, featureWidth))
        .addOutput(valueInfo("logits", "N", net.classes()));
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("decomcam-train")
        .setProducerVersion("1")
        .setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .build();
  }

  private static TensorProto tensor(String name, long[] dims, float[] data) {
    ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder();
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setName(name)
        .setRawData(ByteString.copyFrom(raw.array()))
        .build();
  }

  private static NodeProto node(
      String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
    return NodeProto.newBuilder()
        .addAllInput(inputs)
        .addOutput(output)
        .setName(name)
        .setOpType(op)
        .addAllAttribute(List.of(attributes))
        .build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** A float tensor value info; the first dimension is symbolic, the rest fixed. */
  private static ValueInfoProto valueInfo(String name, String batch, int... dims) {
    TensorShapeProto.Builder shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
    for (int d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor tensorType =
        TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape)
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensorType))
        .build();
  }
}
