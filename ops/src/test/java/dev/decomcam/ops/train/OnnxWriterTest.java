package dev.decomcam.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.processor.engine.onnx.Onnx.AttributeProto;
import dev.decomcam.processor.engine.onnx.Onnx.GraphProto;
import dev.decomcam.processor.engine.onnx.Onnx.ModelProto;
import dev.decomcam.processor.engine.onnx.Onnx.NodeProto;
import dev.decomcam.processor.engine.onnx.Onnx.TensorProto;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer reproduces the committed {@code model.onnx}: the weights are read back from that file,
 * written again, and both parse to the same ONNX model message (same graph, nodes, attributes,
 * initializers, types and opset; only the order fields are serialised in may differ).
 */
class OnnxWriterTest {

  @Test
  void rewritesTheCommittedDemoModel() throws Exception {
    ModelProto committed =
        ModelProto.parseFrom(Files.readAllBytes(DemoModelFiles.dir().resolve("model.onnx")));
    int size = DemoNet.INPUT_SIZE;
    int fs = DemoNet.featureSize();
    ModelProto written =
        ModelProto.parseFrom(
            OnnxWriter.model(weightsOf(committed.getGraph()), size, size, fs, fs).toByteArray());
    assertEquals(committed, written);
  }

  /** The conv layers (stride and dilation from the Conv nodes) and the head of a written model. */
  private static FoldedNet weightsOf(GraphProto g) {
    Map<String, float[]> values = new HashMap<>();
    Map<String, Integer> outs = new HashMap<>();
    Map<String, Integer> ins = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      FloatBuffer fb =
          t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] v = new float[fb.remaining()];
      fb.get(v);
      values.put(t.getName(), v);
      if (t.getDimsCount() == 4) {
        outs.put(t.getName(), (int) t.getDims(0));
        ins.put(t.getName(), (int) t.getDims(1));
      }
    }
    List<FoldedNet.Conv> convs = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        String w = n.getInput(1);
        convs.add(
            new FoldedNet.Conv(
                outs.get(w),
                ins.get(w),
                ints(n, "strides").get(0).intValue(),
                ints(n, "dilations").get(0).intValue(),
                values.get(w),
                values.get(n.getInput(2))));
      }
    }
    return new FoldedNet(convs, values.get("head.weight"), values.get("head.bias"));
  }

  private static List<Long> ints(NodeProto n, String name) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .map(AttributeProto::getIntsList)
        .orElseThrow();
  }
}
