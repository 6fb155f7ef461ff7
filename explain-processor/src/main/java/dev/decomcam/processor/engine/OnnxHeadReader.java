package dev.decomcam.processor.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the final linear layer's weight and bias of a GAP+linear ONNX model straight from the ONNX
 * file's initializers, so ONNX models get the analytic gradient without a second (TorchScript) copy
 * of the head. It walks back from the graph output {@code logits} through Identity/Flatten/Reshape to
 * a {@code Gemm} (honouring transB and alpha/beta) or a {@code MatMul} (+ {@code Add} bias).
 *
 * <p>A minimal protobuf reader: only the fields of {@code onnx.proto} it needs (ModelProto.graph=7;
 * GraphProto.node=1, initializer=5, output=12 (ValueInfoProto.name=1); NodeProto.input=1, output=2, op_type=4, attribute=5;
 * AttributeProto.name=1, f=2, i=3; TensorProto.dims=1, data_type=2, float_data=4, name=8,
 * raw_data=9, data_location=14). Float32 initializers stored inside the file only.
 */
final class OnnxHeadReader {

  private record Node(String op, List<String> inputs, List<String> outputs, Map<String, Number> attrs) {}

  private record Tensor(long[] dims, float[] data) {}

  private final List<Node> nodes = new ArrayList<>();
  private final List<String> graphOutputs = new ArrayList<>();
  private final Map<String, int[]> initializerRanges = new HashMap<>();
  private final ByteBuffer buf;
  private final String where;

  private OnnxHeadReader(byte[] bytes, String where) {
    this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.where = where;
  }

  /**
   * The head of {@code onnxFile} as a {@code [classes, channels]} weight and bias; {@code weightName}
   * (nullable) names the weight initializer instead of finding it from the {@code logits} output.
   */
  static GapLinearHead read(Path onnxFile, String weightName, int classes, int channels, String where) {
    return parsed(onnxFile, where).head(weightName, classes, channels);
  }

  /** The graph's output names in declaration order (the order ONNX Runtime returns them in). */
  static List<String> outputNames(Path onnxFile, String where) {
    return List.copyOf(parsed(onnxFile, where).graphOutputs);
  }

  private static OnnxHeadReader parsed(Path onnxFile, String where) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(onnxFile);
    } catch (IOException e) {
      throw new ModelLoadException(where + "cannot read " + onnxFile + " (" + e.getMessage() + ")");
    }
    OnnxHeadReader r = new OnnxHeadReader(bytes, where);
    r.parseModel();
    return r;
  }

  private GapLinearHead head(String weightName, int classes, int channels) {
    String fix = ": set \"headWeight\" to the final layer's weight initializer, or use headKind general with PyTorch";
    if (weightName != null) {
      Tensor w = tensor(weightName, fix);
      return orient(w, false, 1f, new float[classes], classes, channels, fix);
    }
    Node n = producer("logits");
    while (n != null && (n.op.equals("Identity") || n.op.equals("Flatten") || n.op.equals("Reshape"))) {
      n = producer(n.inputs.get(0));
    }
    if (n == null) {
      throw fail("no node produces output 'logits'" + fix);
    }
    float[] bias = new float[classes];
    if (n.op.equals("Add")) {
      String b = initializerRanges.containsKey(n.inputs.get(1)) ? n.inputs.get(1) : n.inputs.get(0);
      String other = b.equals(n.inputs.get(1)) ? n.inputs.get(0) : n.inputs.get(1);
      bias = vector(tensor(b, fix), classes, fix, 1f);
      n = producer(other);
      if (n == null || !n.op.equals("MatMul")) {
        throw fail("'logits' comes from Add but not of a MatMul" + fix);
      }
    }
    if (n.op.equals("Gemm")) {
      float alpha = n.attrs.getOrDefault("alpha", 1f).floatValue();
      float beta = n.attrs.getOrDefault("beta", 1f).floatValue();
      boolean transB = n.attrs.getOrDefault("transB", 0L).longValue() != 0;
      if (n.attrs.getOrDefault("transA", 0L).longValue() != 0) {
        throw fail("the final Gemm transposes its input (transA=1)" + fix);
      }
      if (n.inputs.size() > 2 && !n.inputs.get(2).isEmpty()) {
        bias = vector(tensor(n.inputs.get(2), fix), classes, fix, beta);
      }
      return orient(tensor(n.inputs.get(1), fix), transB, alpha, bias, classes, channels, fix);
    }
    if (n.op.equals("MatMul")) {
      return orient(tensor(n.inputs.get(1), fix), false, 1f, bias, classes, channels, fix);
    }
    throw fail("'logits' is produced by " + n.op + ", not Gemm or MatMul" + fix);
  }

  /** Returns W as [classes, channels]; {@code transposed} means it is stored that way already. */
  private GapLinearHead orient(Tensor t, boolean transposed, float alpha, float[] bias, int classes,
      int channels, String fix) {
    if (t.dims.length != 2) {
      throw fail("head weight has " + t.dims.length + " dimensions, expected 2" + fix);
    }
    float[] w = new float[classes * channels];
    if (transposed || (t.dims[0] == classes && t.dims[1] == channels && t.dims[0] != t.dims[1])) {
      if (t.dims[0] != classes || t.dims[1] != channels) {
        throw fail("head weight is " + t.dims[0] + "x" + t.dims[1] + ", expected " + classes + "x" + channels + fix);
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = alpha * t.data[i];
      }
    } else {
      if (t.dims[0] != channels || t.dims[1] != classes) {
        throw fail("head weight is " + t.dims[0] + "x" + t.dims[1] + ", expected " + channels + "x" + classes + fix);
      }
      for (int k = 0; k < channels; k++) {
        for (int c = 0; c < classes; c++) {
          w[c * channels + k] = alpha * t.data[k * classes + c];
        }
      }
    }
    return new GapLinearHead(w, bias, classes, channels);
  }

  private float[] vector(Tensor t, int classes, String fix, float scale) {
    if (t.data.length != classes) {
      throw fail("head bias has " + t.data.length + " values, expected " + classes + fix);
    }
    float[] b = t.data.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] *= scale;
    }
    return b;
  }

  private Node producer(String output) {
    for (Node n : nodes) {
      if (n.outputs.contains(output)) {
        return n;
      }
    }
    return null;
  }

  private Tensor tensor(String name, String fix) {
    int[] range = initializerRanges.get(name);
    if (range == null) {
      throw fail("'" + name + "' is not an initializer stored in the file" + fix);
    }
    return parseTensor(range[0], range[1], fix);
  }

  // ---- protobuf wire format ----

  private void parseModel() {
    int[] graph = null;
    int pos = 0;
    int end = buf.limit();
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 7 && wire == 2) {
        int len = (int) varint(pos);
        graph = new int[] {next, next + len};
        pos = next + len;
      } else {
        pos = skip(pos, wire);
      }
    }
    if (graph == null) {
      throw fail("no graph found: is it an ONNX model file?");
    }
    parseGraph(graph[0], graph[1]);
  }

  private void parseGraph(int pos, int end) {
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire == 2 && (field == 1 || field == 5 || field == 12)) {
        int len = (int) varint(pos);
        int start = next;
        if (field == 1) {
          nodes.add(parseNode(start, start + len));
        } else if (field == 12) {
          graphOutputs.add(tensorName(start, start + len, 1));
        } else {
          initializerRanges.put(tensorName(start, start + len, 8), new int[] {start, start + len});
        }
        pos = start + len;
      } else {
        pos = skip(pos, wire);
      }
    }
  }

  private Node parseNode(int pos, int end) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    Map<String, Number> attrs = new HashMap<>();
    String op = "";
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire == 2 && (field == 1 || field == 2 || field == 4 || field == 5)) {
        int len = (int) varint(pos);
        int start = next;
        switch (field) {
          case 1 -> in.add(string(start, len));
          case 2 -> out.add(string(start, len));
          case 4 -> op = string(start, len);
          default -> parseAttribute(start, start + len, attrs);
        }
        pos = start + len;
      } else {
        pos = skip(pos, wire);
      }
    }
    return new Node(op, in, out, attrs);
  }

  private void parseAttribute(int pos, int end, Map<String, Number> attrs) {
    String name = null;
    Number value = null;
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 2) {
        int len = (int) varint(pos);
        name = string(next, len);
        pos = next + len;
      } else if (field == 2 && wire == 5) {
        value = buf.getFloat(pos);
        pos += 4;
      } else if (field == 3 && wire == 0) {
        value = varint(pos);
        pos = next;
      } else {
        pos = skip(pos, wire);
      }
    }
    if (name != null && value != null) {
      attrs.put(name, value);
    }
  }

  /** The string field {@code nameField} of a message (TensorProto.name=8, ValueInfoProto.name=1). */
  private String tensorName(int pos, int end, int nameField) {
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == nameField && wire == 2) {
        int len = (int) varint(pos);
        return string(next, len);
      }
      pos = skip(pos, wire);
    }
    return "";
  }

  private Tensor parseTensor(int pos, int end, String fix) {
    List<Long> dims = new ArrayList<>();
    long dataType = 1;
    float[] floats = null;
    List<Float> floatList = new ArrayList<>();
    boolean external = false;
    while (pos < end) {
      long key = varint(pos);
      pos = next;
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 0) {
        dims.add(varint(pos));
        pos = next;
      } else if (field == 1 && wire == 2) {
        int len = (int) varint(pos);
        int p = next;
        int stop = p + len;
        while (p < stop) {
          dims.add(varint(p));
          p = next;
        }
        pos = stop;
      } else if (field == 2 && wire == 0) {
        dataType = varint(pos);
        pos = next;
      } else if (field == 4 && wire == 2) {
        int len = (int) varint(pos);
        for (int p = next; p < next + len; p += 4) {
          floatList.add(buf.getFloat(p));
        }
        pos = next + len;
      } else if (field == 4 && wire == 5) {
        floatList.add(buf.getFloat(pos));
        pos += 4;
      } else if (field == 9 && wire == 2) {
        int len = (int) varint(pos);
        floats = new float[len / 4];
        for (int i = 0; i < floats.length; i++) {
          floats[i] = buf.getFloat(next + 4 * i);
        }
        pos = next + len;
      } else if (field == 14 && wire == 0) {
        external = varint(pos) == 1;
        pos = next;
      } else {
        pos = skip(pos, wire);
      }
    }
    if (dataType != 1 || external) {
      throw fail("head weight is " + (external ? "stored outside the file" : "not float32 (type " + dataType + ")") + fix);
    }
    if (floats == null) {
      floats = new float[floatList.size()];
      for (int i = 0; i < floats.length; i++) {
        floats[i] = floatList.get(i);
      }
    }
    return new Tensor(dims.stream().mapToLong(Long::longValue).toArray(), floats);
  }

  /** Position after the last varint read (keeps the readers allocation-free). */
  private int next;

  private long varint(int pos) {
    long result = 0;
    int shift = 0;
    while (true) {
      if (pos >= buf.limit()) {
        throw fail("truncated protobuf: is it an ONNX model file?");
      }
      byte b = buf.get(pos++);
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        next = pos;
        return result;
      }
      shift += 7;
      if (shift > 63) {
        throw fail("malformed protobuf varint: is it an ONNX model file?");
      }
    }
  }

  private int skip(int pos, int wire) {
    return switch (wire) {
      case 0 -> {
        varint(pos);
        yield next;
      }
      case 1 -> pos + 8;
      case 2 -> {
        int len = (int) varint(pos);
        yield next + len;
      }
      case 5 -> pos + 4;
      default -> throw fail("unsupported protobuf wire type " + wire + ": is it an ONNX model file?");
    };
  }

  private String string(int pos, int len) {
    byte[] b = new byte[len];
    buf.get(pos, b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private ModelLoadException fail(String what) {
    return new ModelLoadException(where + "ONNX head: " + what);
  }
}
