package dev.decomcam.ops.evaluate;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.engine.ModelSpec;
import dev.decomcam.processor.engine.PreparedImage;
import dev.decomcam.processor.evaluate.Baseline;
import dev.decomcam.processor.evaluate.Box;
import dev.decomcam.processor.evaluate.ClassScores;
import dev.decomcam.processor.evaluate.ConfidenceChange;
import dev.decomcam.processor.evaluate.Curve;
import dev.decomcam.processor.evaluate.ItemResult;
import dev.decomcam.processor.evaluate.PixelPerturbation;
import dev.decomcam.processor.evaluate.PointingGame;
import dev.decomcam.processor.evaluate.SubsetSummary;
import dev.decomcam.processor.evaluate.Subsets;
import dev.decomcam.processor.evaluate.TemporalStability;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs every method over the items of a set and scores each map: deletion and insertion, average
 * drop and increase in confidence, the pointing games where a box exists, and temporal stability
 * against the method's previous map. Keeps the per-item results, the subset summary, the mean
 * curves and one example overlay per subset and method. Not thread-safe (the model is not).
 */
public final class Evaluator {

  /**
   * How items are scored.
   *
   * @param nSteps deletion/insertion steps ({@code EVALUATION.md}: 224)
   * @param tolerance pointing-game tolerance in pixels
   * @param logit score curves and confidence change by the target's logit instead of its
   *     probability
   */
  public record Options(
      int nSteps, Baseline deletion, Baseline insertion, int tolerance, boolean logit) {
    public Options {
      if (nSteps < 1 || tolerance < 0) {
        throw new IllegalArgumentException(
            "evaluate: steps " + nSteps + " must be >= 1 and tolerance " + tolerance + " >= 0");
      }
    }
  }

  /** Mean curve accumulator of one method. */
  public static final class MeanCurves {
    private double[] deletion;
    private double[] insertion;
    private int n;

    void add(Curve del, Curve ins) {
      float[] d = del.points();
      float[] i = ins.points();
      if (deletion == null) {
        deletion = new double[d.length];
        insertion = new double[i.length];
      }
      for (int k = 0; k < d.length; k++) {
        deletion[k] += d[k];
        insertion[k] += i[k];
      }
      n++;
    }

    public double[] deletion() {
      return mean(deletion);
    }

    public double[] insertion() {
      return mean(insertion);
    }

    private double[] mean(double[] sum) {
      double[] out = new double[sum == null ? 0 : sum.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = sum[k] / n;
      }
      return out;
    }
  }

  /** The first item of one or more subsets ({@code subset}: their names), drawn per method. */
  public record Example(String item, String subset, Map<String, byte[]> overlayPngByMethod) {}

  private final ExplainableModel model;
  private final Map<String, Stream<?>> methods = new LinkedHashMap<>();
  private final Options options;
  private final ClassScores scores;
  private final PixelPerturbation perturbation;
  private final List<ItemResult> results = new ArrayList<>();
  private final SubsetSummary summary = new SubsetSummary();
  private final Map<String, MeanCurves> curves = new LinkedHashMap<>();
  private final Map<String, Example> examples = new LinkedHashMap<>();

  /**
   * @param methods method name → a new instance of it (each keeps its own state across a video's
   *     frames)
   */
  public Evaluator(
      ExplainableModel model, Map<String, SaliencyMethod<?>> methods, int target, Options options) {
    this.model = model;
    this.options = options;
    methods.forEach((name, m) -> this.methods.put(name, Stream.of(model, m, target)));
    this.scores = new ModelScores(model, options.logit());
    this.perturbation = new PixelPerturbation(options.nSteps(), 32);
  }

  /** Explains and scores one item with every method. */
  public void add(EvalItem item) {
    ModelSpec spec = model.spec();
    Map<String, byte[]> overlays = new LinkedHashMap<>();
    List<String> missing = null; // subsets this item is the first of
    for (Map.Entry<String, Stream<?>> m : methods.entrySet()) {
      Stream<?> stream = m.getValue();
      ExplainedFrame<?> e = stream.next(item);
      ForwardResult f = e.forward();
      ModelInput input = e.prepared().input();
      float[] map = e.saliency().saliency();
      int w = input.width();
      int target = f.target();
      int predicted = f.top1();
      double confidence = f.probability(predicted);
      Curve del =
          perturbation.deletion(
              input, map, options.deletion().of(input, spec.mean(), spec.std()), target, scores);
      Curve ins =
          perturbation.insertion(
              input, map, options.insertion().of(input, spec.mean(), spec.std()), target, scores);
      ConfidenceChange cc =
          ConfidenceChange.measure(input, map, spec.mean(), spec.std(), target, scores);
      Box box = item.box() == null ? null : toMapFrame(item.box(), e.prepared(), input);
      double pointing = Double.NaN;
      double energy = Double.NaN;
      if (box != null) {
        pointing = PointingGame.hit(map, w, box, options.tolerance()) ? 1 : 0;
        energy = PointingGame.energy(map, w, box);
      }
      double r = Double.NaN;
      double iou = Double.NaN;
      float[] previous = stream.previousMap;
      if (item.video() && previous != null && !item.sceneCut() && previous.length == map.length) {
        r = TemporalStability.pearson(previous, map);
        iou = TemporalStability.topIou(previous, map);
      }
      stream.previousMap = map;
      ItemResult result =
          new ItemResult(
              item.name(),
              m.getKey(),
              target,
              predicted,
              item.label(),
              confidence,
              del.auc(),
              ins.auc(),
              100 * cc.drop(),
              cc.increased() ? 100 : 0,
              pointing,
              energy,
              r,
              iou,
              item.video() && item.sceneCut() && previous != null);
      results.add(result);
      summary.add(result);
      curves.computeIfAbsent(m.getKey(), k -> new MeanCurves()).add(del, ins);
      if (missing == null) {
        missing = new ArrayList<>();
        for (String sub : Subsets.of(confidence, result.correct())) {
          if (!examples.containsKey(sub)) {
            missing.add(sub);
          }
        }
      }
      if (!missing.isEmpty()) {
        overlays.put(m.getKey(), Overlay.png(input, map, spec, box));
      }
    }
    if (missing != null && !missing.isEmpty()) {
      Example ex = new Example(item.name(), String.join(", ", missing), overlays);
      missing.forEach(sub -> examples.put(sub, ex));
    }
  }

  /**
   * A box in the image's pixels mapped into the map's frame (the model's input) through the crop
   * and resize the model applied; null when it falls outside the crop.
   */
  static Box toMapFrame(Box b, PreparedImage p, ModelInput input) {
    double sx = input.width() / (double) p.cropWidth();
    double sy = input.height() / (double) p.cropHeight();
    int x0 = (int) Math.floor((b.x0() - p.cropX()) * sx);
    int y0 = (int) Math.floor((b.y0() - p.cropY()) * sy);
    int x1 = (int) Math.ceil((b.x1() + 1 - p.cropX()) * sx) - 1;
    int y1 = (int) Math.ceil((b.y1() + 1 - p.cropY()) * sy) - 1;
    if (x1 < x0 || y1 < y0) {
      return null;
    }
    return new Box(x0, y0, x1, y1).clip(input.width(), input.height());
  }

  public List<ItemResult> results() {
    return results;
  }

  public SubsetSummary summary() {
    return summary;
  }

  public Map<String, MeanCurves> curves() {
    return curves;
  }

  /** The examples, each once, in the order first seen. */
  public Collection<Example> examples() {
    return new LinkedHashSet<>(examples.values());
  }

  public List<String> methodNames() {
    return List.copyOf(methods.keySet());
  }

  /** One method's explainer and state over the run, and its previous map. */
  private static final class Stream<S extends CameraState> {
    private final FrameExplainer<S> explainer;
    private S state;
    private float[] previousMap;

    private Stream(FrameExplainer<S> explainer) {
      this.explainer = explainer;
      this.state = explainer.method().coldState();
    }

    static <S extends CameraState> Stream<S> of(
        ExplainableModel model, SaliencyMethod<S> method, int target) {
      return new Stream<>(new FrameExplainer<>(model, method, target));
    }

    ExplainedFrame<S> next(EvalItem item) {
      ExplainedFrame<S> e = explainer.explain(item.image(), System.currentTimeMillis(), state);
      state = e.next();
      return e;
    }
  }
}
