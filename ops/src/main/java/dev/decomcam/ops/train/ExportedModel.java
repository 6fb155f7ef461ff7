package dev.decomcam.ops.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exported demo model loaded back with DJL, so training can check that the files compute what
 * the trained block computes: TorchScript {@code backbone.pt} + {@code head.pt} on the PyTorch
 * engine, or {@code model.onnx} on the OnnxRuntime engine.
 */
public final class ExportedModel implements DemoClassifier {

  /** Which exported files to run. */
  public enum Format {
    TORCHSCRIPT,
    ONNX
  }

  private final Model first;
  private final Model head;
  private final Format format;

  private ExportedModel(Model first, Model head, Format format) {
    this.first = first;
    this.head = head;
    this.format = format;
  }

  /** Loads the files of one format from a model directory written by {@link ModelExporter}. */
  public static ExportedModel load(Path dir, Format format) {
    String needed = format == Format.ONNX ? "model.onnx" : "backbone.pt";
    if (!Files.isRegularFile(dir.resolve(needed))) {
      throw new IllegalArgumentException(
          "demo model "
              + dir
              + ": "
              + needed
              + " missing: run TrainDemoModel (./decomcam train-demo-model) to write it");
    }
    try {
      if (format == Format.ONNX) {
        Model m = Model.newInstance("model", "OnnxRuntime");
        m.load(dir, "model");
        return new ExportedModel(m, null, format);
      }
      Model backbone = Model.newInstance("backbone", "PyTorch");
      Model head = Model.newInstance("head", "PyTorch");
      backbone.load(dir, "backbone");
      head.load(dir, "head");
      return new ExportedModel(backbone, head, format);
    } catch (IOException e) {
      throw new UncheckedIOException("demo model " + dir + ": cannot read " + needed, e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException(
          "demo model "
              + dir
              + ": "
              + needed
              + " is malformed: "
              + e.getMessage()
              + ": re-export it with TrainDemoModel",
          e);
    }
  }

  /** The format this instance runs. */
  public Format format() {
    return format;
  }

  @Override
  public Outputs forward(float[] inputs, int n) {
    try (NDManager m = first.getNDManager().newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.create(inputs, new Shape(n, 3, DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE));
      x.setName("input");
      NDList out = first.getBlock().forward(ps, new NDList(x), false);
      NDArray features;
      NDArray logits;
      if (format == Format.ONNX) {
        // DJL returns the session's outputs unnamed; tell them apart by rank ([N,C,h,w] vs
        // [N,classes])
        if (out.size() != 2) {
          throw new IllegalStateException(
              "demo model model.onnx: expected outputs 'features' and 'logits', got "
                  + out.size()
                  + " outputs: re-export it with TrainDemoModel");
        }
        boolean firstIsFeatures = out.get(0).getShape().dimension() == 4;
        features = out.get(firstIsFeatures ? 0 : 1);
        logits = out.get(firstIsFeatures ? 1 : 0);
      } else {
        features = out.singletonOrThrow();
        logits = head.getBlock().forward(ps, new NDList(features), false).singletonOrThrow();
      }
      return new Outputs(
          DemoClassifier.rows(features.toFloatArray(), n),
          DemoClassifier.rows(logits.toFloatArray(), n));
    }
  }

  @Override
  public void close() {
    first.close();
    if (head != null) {
      head.close();
    }
  }
}
