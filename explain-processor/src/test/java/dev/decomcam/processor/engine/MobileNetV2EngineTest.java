package dev.decomcam.processor.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.npy.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both engines on the shared ImageNet MobileNetV2 against the reference outputs in ../shared. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileNetV2EngineTest {

  private Path shared;
  private Path spec;
  private DjlExplainableModel torch;
  private DjlExplainableModel onnx;

  @BeforeAll
  void load() {
    shared = SharedData.shared();
    spec = SharedData.spec();
    torch = (DjlExplainableModel) ModelLoader.load(spec, EngineOptions.defaults());
    onnx =
        (DjlExplainableModel)
            ModelLoader.load(spec, EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME));
  }

  @AfterAll
  void close() {
    if (torch != null) {
      torch.close();
    }
    if (onnx != null) {
      onnx.close();
    }
  }

  private DjlExplainableModel model(EngineKind kind) {
    return kind == EngineKind.PYTORCH ? torch : onnx;
  }

  private BufferedImage image(String path) throws IOException {
    return ImageIO.read(shared.resolve(path).toFile());
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void eagleIsABaldEagle(EngineKind kind) throws IOException {
    ExplainableModel m = model(kind);
    PreparedImage p = m.prepare(image("media/photos/eagle.jpg"));
    ForwardResult r = m.forward(p.input(), -1);
    String label = m.spec().labels().get(r.top1());
    assertTrue(label.contains("bald eagle"), "top-1 was " + label);
    assertEquals(r.top1(), r.target());
    assertTrue(r.probability(r.top1()) > 0.5f, "p = " + r.probability(r.top1()));
    assertEquals(1280, r.features().channels());
    assertEquals(7, r.features().height());
    assertTrue(r.timingsMs().containsKey("forward") && r.timingsMs().containsKey("gradient"));
  }

  @Test
  void enginesAgreeOnLogits() throws IOException {
    ModelInput in = torch.prepare(image("media/photos/dog.jpg")).input();
    ForwardResult a = torch.forward(in, -1);
    ForwardResult b = onnx.forward(in, -1);
    assertEquals(a.top1(), b.top1());
    assertClose(a.logits(), b.logits(), 1e-3f, "logits PyTorch vs ONNX");
    assertClose(
        a.features().activations(),
        b.features().activations(),
        1e-3f,
        "activations PyTorch vs ONNX");
    assertClose(
        a.features().gradients(),
        b.features().gradients(),
        1e-7f,
        "analytic gradients PyTorch vs ONNX");
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void matchesReferenceActivationsLogitsAndGradients(EngineKind kind) throws IOException {
    try (ExplainableModel m =
        ModelLoader.load(
            spec, EngineOptions.defaults().withEngine(kind).withResize(ResizeMode.NONE))) {
      PreparedImage p = m.prepare(image("reference/mobilenetv2/crops/eagle.png"));
      ForwardResult r = m.forward(p.input(), -1);
      Path extra = shared.resolve("reference/mobilenetv2/extra");
      assertClose(
          reference(extra, "eagle.activations"), r.features().activations(), 2e-3f, "activations");
      assertClose(reference(extra, "eagle.logits"), r.logits(), 2e-3f, "logits");
      assertClose(
          reference(extra, "eagle.gradients"), r.features().gradients(), 1e-6f, "gradients");
    }
  }

  private static float[] reference(Path dir, String name) throws IOException {
    return Npy.read(dir.resolve(name + ".npy")).floats();
  }

  @Test
  void analyticGradientEqualsAutograd(@TempDir Path dir) throws IOException {
    Path general = dir.resolve("general.spec.json");
    Path m = shared.resolve("models/mobilenetv2-imagenet");
    Files.writeString(
        general,
        """
        {"id": "mnv2-general", "engine": "PyTorch",
         "files": {"backbone": "%s", "head": "%s"},
         "inputSize": [224, 224], "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],
         "featureLayer": "features.18", "labels": "%s", "headKind": "general"}
        """
            .formatted(
                rel(dir, m.resolve("backbone.pt")),
                rel(dir, m.resolve("head.pt")),
                rel(dir, m.resolve("labels.txt"))));
    try (ExplainableModel auto = ModelLoader.load(general, EngineOptions.defaults())) {
      ModelInput in = auto.prepare(image("media/photos/kite.jpg")).input();
      for (int target : new int[] {-1, 285, 22}) {
        ForwardResult g = auto.forward(in, target);
        ForwardResult a = torch.forward(in, target);
        assertEquals(a.target(), g.target());
        assertClose(
            a.features().gradients(),
            g.features().gradients(),
            1e-7f,
            "gradient for class " + g.target());
        assertArrayEquals(a.logits(), g.logits(), 1e-5f);
        float max = 0;
        for (float v : g.features().gradients()) {
          max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 1e-5f, "autograd gradient is not all zeros");
      }
    }
  }

  private static String rel(Path from, Path to) {
    return from.toAbsolutePath().relativize(to.toAbsolutePath()).toString().replace('\\', '/');
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void batchedScoresEqualOneByOne(EngineKind kind) throws IOException {
    DjlExplainableModel m = model(kind);
    ModelInput base = m.prepare(image("media/photos/giraffe.jpg")).input();
    List<ModelInput> masked = masks(base, 10);
    ForwardResult top = m.forward(base, -1);
    float[] batched = m.scorer(top.target()).score(masked);
    assertEquals(10, batched.length);
    for (int i = 0; i < masked.size(); i++) {
      float single = m.forward(masked.get(i), top.target()).logits()[top.target()];
      assertEquals(single, batched[i], 1e-3f, "masked input " + i);
    }
    assertTrue(batched[0] != batched[9], "different masks should score differently");
  }

  private static List<ModelInput> masks(ModelInput base, int n) {
    Random rnd = new Random(3);
    List<ModelInput> out = new ArrayList<>();
    int plane = base.height() * base.width();
    for (int i = 0; i < n; i++) {
      float[] d = base.data().clone();
      int x0 = rnd.nextInt(base.width() / 2);
      int y0 = rnd.nextInt(base.height() / 2);
      for (int c = 0; c < 3; c++) {
        for (int y = y0; y < y0 + base.height() / 2; y++) {
          for (int x = x0; x < x0 + base.width() / 2; x++) {
            d[c * plane + y * base.width() + x] = 0f;
          }
        }
      }
      out.add(new ModelInput(3, base.height(), base.width(), d));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void noArraysLeakAcrossFrames(EngineKind kind) throws IOException {
    DjlExplainableModel m = model(kind);
    ModelInput in = m.prepare(image("media/photos/eagle.jpg")).input();
    List<ModelInput> masked = masks(in, 4);
    m.forward(in, -1);
    int before = m.liveArrays();
    for (int i = 0; i < 50; i++) {
      ForwardResult r = m.forward(in, -1);
      m.scorer(r.target()).score(masked);
    }
    assertEquals(
        before, m.liveArrays(), "NDArrays alive under the model's manager after 50 frames");
  }

  @Test
  void rejectsTargetOutsideClasses() throws IOException {
    ModelInput in = torch.prepare(image("media/photos/eagle.jpg")).input();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> torch.forward(in, 1000));
    assertTrue(e.getMessage().contains("outside 0..999"), e.getMessage());
  }

  /**
   * Opt-in timing report ({@code -Ddecomcam.engine.timing=true}); prints, asserts nothing about
   * time.
   */
  @ParameterizedTest
  @EnumSource(
      value = EngineKind.class,
      names = {"PYTORCH", "ONNX_RUNTIME"})
  void reportTimings(EngineKind kind) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.engine.timing"), "timing report off");
    DjlExplainableModel m = model(kind);
    ModelInput in = m.prepare(image("media/photos/eagle.jpg")).input();
    List<ModelInput> masked = masks(in, 10);
    int reps = 20;
    double[] fwd = new double[reps];
    double[] grad = new double[reps];
    double[] score = new double[reps];
    for (int i = -3; i < reps; i++) {
      ForwardResult r = m.forward(in, -1);
      long t0 = System.nanoTime();
      m.scorer(r.target()).score(masked);
      long t1 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = r.timingsMs().get("forward");
        grad[i] = r.timingsMs().get("gradient");
        score[i] = (t1 - t0) / 1e6;
      }
    }
    System.out.printf(
        "TIMING %s threads=%s forward %.2f ms, gradient %.3f ms, score batch of 10 %.1f ms (medians"
            + " of %d)%n",
        kind,
        System.getProperty("ai.djl.pytorch.num_threads"),
        median(fwd),
        median(grad),
        median(score),
        reps);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void assertClose(float[] want, float[] got, float tol, String what) {
    assertEquals(want.length, got.length, what + " length");
    float worst = 0;
    int at = -1;
    for (int i = 0; i < want.length; i++) {
      float d = Math.abs(want[i] - got[i]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    assertTrue(worst <= tol, what + ": max |diff| " + worst + " at " + at + " > " + tol);
  }
}
