package dev.decomcam.processor.engine;

import dev.decomcam.processor.engine.onnx.Onnx.AttributeProto;
import dev.decomcam.processor.engine.onnx.Onnx.NodeProto;
import dev.decomcam.processor.engine.onnx.Onnx.TensorProto;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reads the final linear layer's weight and bias of a GAP+linear ONNX model from the file's
 * initializers, so ONNX models get the analytic gradient without a second (TorchScript) copy of the
 * head. It walks back from the graph output {@code logits} through Identity/Flatten/Reshape to a
 * {@code Gemm} (honouring transB and alpha/beta) or a {@code MatMul} (+ {@code Add} bias). Float32
 * initializers stored inside the file only.
 */
final class OnnxHeadReader {

  private static final String FIX =
      ": set \"headWeight\" to the final layer's weight initializer, or use headKind general with"
          + " PyTorch";

  private record Tensor(long[] dims, float[] data) {}

  private final OnnxGraph graph;

  private OnnxHeadReader(OnnxGraph graph) {
    this.graph = graph;
  }

  /**
   * The head of {@code graph} as a {@code [classes, channels]} weight and bias; {@code weightName}
   * (nullable) names the weight initializer instead of finding it from the {@code logits} output.
   */
  static GapLinearHead read(OnnxGraph graph, String weightName, int classes, int channels) {
    return new OnnxHeadReader(graph).head(weightName, classes, channels);
  }

  private GapLinearHead head(String weightName, int classes, int channels) {
    if (weightName != null) {
      return orient(tensor(weightName), false, 1f, new float[classes], classes, channels);
    }
    NodeProto n = graph.producer("logits");
    while (n != null && (is(n, "Identity") || is(n, "Flatten") || is(n, "Reshape"))) {
      n = graph.producer(n.getInput(0));
    }
    if (n == null) {
      throw fail("no node produces output 'logits'");
    }
    float[] bias = new float[classes];
    if (is(n, "Add")) {
      String b = graph.initializer(n.getInput(1)) != null ? n.getInput(1) : n.getInput(0);
      String other = b.equals(n.getInput(1)) ? n.getInput(0) : n.getInput(1);
      bias = vector(tensor(b), classes, 1f);
      n = graph.producer(other);
      if (n == null || !is(n, "MatMul")) {
        throw fail("'logits' comes from Add but not of a MatMul");
      }
    }
    if (is(n, "Gemm")) {
      float alpha = floatAttribute(n, "alpha", 1f);
      float beta = floatAttribute(n, "beta", 1f);
      boolean transB = intAttribute(n, "transB") != 0;
      if (intAttribute(n, "transA") != 0) {
        throw fail("the final Gemm transposes its input (transA=1)");
      }
      if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
        bias = vector(tensor(n.getInput(2)), classes, beta);
      }
      return orient(tensor(n.getInput(1)), transB, alpha, bias, classes, channels);
    }
    if (is(n, "MatMul")) {
      return orient(tensor(n.getInput(1)), false, 1f, bias, classes, channels);
    }
    throw fail("'logits' is produced by " + n.getOpType() + ", not Gemm or MatMul");
  }

  /** Returns W as [classes, channels]; {@code transposed} means it is stored that way already. */
  private GapLinearHead orient(
      Tensor t, boolean transposed, float alpha, float[] bias, int classes, int channels) {
    if (t.dims.length != 2) {
      throw fail("head weight has " + t.dims.length + " dimensions, expected 2");
    }
    float[] w = new float[classes * channels];
    if (transposed || (t.dims[0] == classes && t.dims[1] == channels && t.dims[0] != t.dims[1])) {
      if (t.dims[0] != classes || t.dims[1] != channels) {
        throw fail(
            "head weight is "
                + t.dims[0]
                + "x"
                + t.dims[1]
                + ", expected "
                + classes
                + "x"
                + channels);
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = alpha * t.data[i];
      }
    } else {
      if (t.dims[0] != channels || t.dims[1] != classes) {
        throw fail(
            "head weight is "
                + t.dims[0]
                + "x"
                + t.dims[1]
                + ", expected "
                + channels
                + "x"
                + classes);
      }
      for (int k = 0; k < channels; k++) {
        for (int c = 0; c < classes; c++) {
          w[c * channels + k] = alpha * t.data[k * classes + c];
        }
      }
    }
    return new GapLinearHead(w, bias, classes, channels);
  }

  private float[] vector(Tensor t, int classes, float scale) {
    if (t.data.length != classes) {
      throw fail("head bias has " + t.data.length + " values, expected " + classes);
    }
    float[] b = t.data.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] *= scale;
    }
    return b;
  }

  /**
   * A float32 initializer's shape and values, from {@code raw_data} (little-endian) or {@code
   * float_data}.
   */
  private Tensor tensor(String name) {
    TensorProto t = graph.initializer(name);
    if (t == null) {
      throw fail("'" + name + "' is not an initializer stored in the file");
    }
    boolean external = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE || external) {
      throw fail(
          "head weight is "
              + (external
                  ? "stored outside the file"
                  : "not float32 (type " + t.getDataType() + ")"));
    }
    float[] data;
    if (t.hasRawData()) {
      FloatBuffer fb =
          t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      data = new float[fb.remaining()];
      fb.get(data);
    } else {
      data = new float[t.getFloatDataCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = t.getFloatData(i);
      }
    }
    return new Tensor(t.getDimsList().stream().mapToLong(Long::longValue).toArray(), data);
  }

  private static boolean is(NodeProto n, String op) {
    return n.getOpType().equals(op);
  }

  /** The last attribute {@code name} of {@code n} holding a float; {@code otherwise} when none. */
  private static float floatAttribute(NodeProto n, String name, float otherwise) {
    float v = otherwise;
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name) && (a.hasF() || a.hasI())) {
        v = a.hasF() ? a.getF() : a.getI();
      }
    }
    return v;
  }

  /** The last attribute {@code name} of {@code n} holding an integer; 0 when none. */
  private static long intAttribute(NodeProto n, String name) {
    long v = 0;
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name) && (a.hasF() || a.hasI())) {
        v = a.hasI() ? a.getI() : (long) a.getF();
      }
    }
    return v;
  }

  private ModelLoadException fail(String what) {
    return new ModelLoadException(graph.where() + "ONNX head: " + what + FIX);
  }
}
