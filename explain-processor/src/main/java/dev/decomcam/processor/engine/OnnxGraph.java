package dev.decomcam.processor.engine;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.decomcam.processor.engine.onnx.Onnx.GraphProto;
import dev.decomcam.processor.engine.onnx.Onnx.ModelProto;
import dev.decomcam.processor.engine.onnx.Onnx.NodeProto;
import dev.decomcam.processor.engine.onnx.Onnx.TensorProto;
import dev.decomcam.processor.engine.onnx.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph of an ONNX model file, parsed once (with the classes generated from {@code onnx.proto})
 * for the load-time questions the ONNX engines ask of it: the outputs' declared order and the nodes
 * and initializers the head is read from ({@link OnnxHeadReader}).
 *
 * <p>Files over {@link #MAX_BYTES} are refused before they are read: the whole file is held in
 * memory while it is parsed, and ONNX keeps larger models' weights outside the file anyway.
 */
final class OnnxGraph {

  /** Largest model file parsed (1 GiB). */
  static final long MAX_BYTES = 1L << 30;

  private final GraphProto graph;
  private final Map<String, TensorProto> initializers = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final String where;

  private OnnxGraph(GraphProto graph, String where) {
    this.graph = graph;
    this.where = where;
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.putIfAbsent(out, n);
      }
    }
  }

  /** Reads and parses {@code file}; {@code where} prefixes every error ("model spec x: "). */
  static OnnxGraph read(Path file, String where) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ModelLoadException(
          where + "field 'files.onnx': cannot read " + file + " (" + e.getMessage() + ")");
    }
    if (size > MAX_BYTES) {
      throw new ModelLoadException(
          where
              + "field 'files.onnx': "
              + file.getFileName()
              + " is "
              + (size >> 20)
              + " MiB, over the "
              + (MAX_BYTES >> 20)
              + " MiB this reader parses: save the model with its weights as external data"
              + " (onnx.save_model(..., save_as_external_data=True)) and the head weights inline");
    }
    ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit((int) MAX_BYTES);
      model = ModelProto.parseFrom(coded);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelLoadException(
          where
              + "field 'files.onnx': cannot parse "
              + file.getFileName()
              + " as an ONNX model ("
              + ModelLoadException.oneLine(e.getMessage())
              + "): give an ONNX model file (.onnx)");
    } catch (IOException e) {
      throw new ModelLoadException(
          where + "field 'files.onnx': cannot read " + file + " (" + e.getMessage() + ")");
    }
    if (!model.hasGraph()) {
      throw new ModelLoadException(
          where
              + "field 'files.onnx': no graph in "
              + file.getFileName()
              + ": give an ONNX model file (.onnx)");
    }
    return new OnnxGraph(model.getGraph(), where);
  }

  /** The graph's output names in declaration order (the order ONNX Runtime returns them in). */
  List<String> outputNames() {
    return graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
  }

  /** The first node that produces {@code value}; null for graph inputs and initializers. */
  NodeProto producer(String value) {
    return producers.get(value);
  }

  /** The initializer named {@code name}; null when there is none. */
  TensorProto initializer(String name) {
    return initializers.get(name);
  }

  /** The prefix of every error about this file. */
  String where() {
    return where;
  }
}
