package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.processor.npy.Npy;
import dev.decomcam.processor.npy.NpyArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the port number by number against the independent reference outputs in {@code
 * ../shared/reference/mobilenetv2} (see its README for the conventions). The model is not run here:
 * masked-input scores come from the reference JSON, so this checks every step except the scoring
 * itself. Skipped when {@code ../shared} is absent.
 */
class MobileNetV2ReferenceTest {

  static Path root() {
    String base = System.getProperty("decomcam.root", ".");
    return Path.of(base, "..", "shared", "reference", "mobilenetv2").normalize();
  }

  static Stream<String> names() throws IOException {
    Path dir = root().resolve("crops");
    if (!Files.isDirectory(dir)) {
      return Stream.of("(no reference)");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".png"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** One reference case, loaded. */
  record Case(String name, ModelInput input, FeatureMaps features, JsonObject decom) {

    static Case load(String name) throws IOException {
      Path r = root();
      Assumptions.assumeTrue(Files.isDirectory(r.resolve("extra")), "reference not found at " + r);
      NpyArray acts = Npy.read(r.resolve("extra/" + name + ".activations.npy"));
      NpyArray grads = Npy.read(r.resolve("extra/" + name + ".gradients.npy"));
      int[] s = acts.shape();
      FeatureMaps f = new FeatureMaps(s[0], s[1], s[2], acts.floats(), grads.floats());
      JsonObject json =
          JsonParser.parseString(Files.readString(r.resolve("json/" + name + ".json")))
              .getAsJsonObject();
      return new Case(
          name,
          image(r.resolve("crops/" + name + ".png")),
          f,
          json.getAsJsonObject("methods").getAsJsonObject("decomcam"));
    }

    double[] json(String key) {
      JsonArray a = decom.getAsJsonArray(key);
      double[] out = new double[a.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = a.get(i).getAsDouble();
      }
      return out;
    }

    float[] npy(String rel) throws IOException {
      return Npy.read(root().resolve(rel)).floats();
    }
  }

  /** RGB, x = (p/255 - 0.5)/0.5, CHW. */
  static ModelInput image(Path png) throws IOException {
    return normalised(ImageIO.read(png.toFile()));
  }

  /** RGB as the models see it: x = (p/255 - 0.5)/0.5, CHW. */
  static ModelInput normalised(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    float[] d = new float[3 * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          int p = (rgb >> (16 - 8 * c)) & 0xff;
          d[c * h * w + y * w + x] = (p / 255f - 0.5f) / 0.5f;
        }
      }
    }
    return new ModelInput(3, h, w, d);
  }

  @ParameterizedTest
  @MethodSource("names")
  void alphaAndTopKMatch(String name) throws IOException {
    Case c = Case.load(name);
    double[] alpha = SaliencyMethod.meanGradients(c.features);
    double[] ref = Npy.read(root().resolve("extra/" + name + ".alpha.npy")).doubles();
    double scale = Arrays.stream(ref).map(Math::abs).max().orElseThrow();
    for (int k = 0; k < ref.length; k++) {
      assertEquals(ref[k], alpha[k], 1e-6 * scale, "alpha " + k);
    }
    long[] topk = Npy.read(root().resolve("extra/" + name + ".topk.npy")).longs();
    int[] ours = PrincipalMaps.topK(alpha, 100);
    assertArrayEquals(Arrays.stream(topk).mapToInt(l -> (int) l).toArray(), ours);
  }

  /** Each case with each exact decomposer: the dense SVD and the Gram-matrix one streaming uses. */
  static Stream<Arguments> namesAndDecomposers() throws IOException {
    return names()
        .flatMap(n -> Stream.of(Arguments.of(n, new FullSvd()), Arguments.of(n, new GramSvd())));
  }

  @ParameterizedTest
  @MethodSource("namesAndDecomposers")
  void componentsMasksAndFinalMapMatch(String name, Decomposer svd) throws IOException {
    Case c = Case.load(name);
    double[] refScores = c.json("scores");
    DecomCam method = new DecomCam(DecomCamConfig.defaults(), svd);
    // first pass to learn our components (scores unused), then match them to the reference's
    List<Ossm> ours =
        method.explain(c.input, c.features, batch -> new float[batch.size()]).components();
    int n = ours.size();
    assertEquals(10, n);
    float[] refOssm = c.npy("ossm/" + name + ".npy");
    float[] refMasks = c.npy("extra/" + name + ".masks.npy");
    double[] refSv = c.json("singular_values");
    double[] refEnergy = c.json("explained_variance_ratio");
    int plane = 7 * 7;
    int[] perm = new int[n];
    StringBuilder log = new StringBuilder(name + " (" + svd.name() + "):");
    for (int i = 0; i < n; i++) {
      Ossm o = ours.get(i);
      assertEquals(refSv[i], o.singularValue(), 1e-5 * refSv[0], "singular value " + i);
      assertEquals(refEnergy[i], o.energy(), 1e-5, "energy " + i);
      // the reference's component i, unless a neighbour with a nearly equal singular value fits
      // better
      int best = i;
      double bestR =
          Correlation.pearson(o.map(), Arrays.copyOfRange(refOssm, i * plane, (i + 1) * plane));
      for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
        double r =
            Correlation.pearson(o.map(), Arrays.copyOfRange(refOssm, j * plane, (j + 1) * plane));
        if (j != i && r > bestR && Math.abs(refSv[j] - refSv[i]) < 0.02 * refSv[i]) {
          best = j;
          bestR = r;
        }
      }
      perm[i] = best;
      float[] ref = Arrays.copyOfRange(refOssm, best * plane, (best + 1) * plane);
      assertTrue(bestR > 0.9999, "ossm " + i + " r=" + bestR);
      assertArrayEquals(ref, o.map(), (float) (1e-4 * maxAbs(ref)), "ossm " + i);
      float[] mask = MinMax.normalized(o.upsampled(224, 224));
      float[] refMask = Arrays.copyOfRange(refMasks, best * 224 * 224, (best + 1) * 224 * 224);
      double maskErr = maxAbsDiff(mask, refMask);
      assertTrue(maskErr < 1e-3, "mask " + i + " max |diff| " + maskErr);
      log.append(String.format(" ossm%d r=%.7f mask|d|=%.1e;", i, bestR, maskErr));
    }

    // second pass with the reference scores, in our component order
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      scores[i] = (float) refScores[perm[i]];
    }
    SaliencyResult r =
        method.explain(
            c.input,
            c.features,
            batch -> {
              assertEquals(n, batch.size());
              return scores.clone();
            });
    double[] refWeights = c.json("weights");
    for (int i = 0; i < n; i++) {
      assertEquals(refWeights[perm[i]], r.components().get(i).weight(), 1e-6, "weight " + i);
    }
    float[] refMap = c.npy("decomcam/" + name + ".npy");
    double rMap = Correlation.pearson(r.saliency(), refMap);
    double dMap = maxAbsDiff(r.saliency(), refMap);
    System.out.println(log + String.format(" decomcam r=%.8f max|d|=%.1e", rMap, dMap));
    assertTrue(rMap >= 0.9999, "decomcam map r=" + rMap);
    assertTrue(dMap < 1e-3, "decomcam map max |diff| " + dMap);
  }

  @ParameterizedTest
  @MethodSource("names")
  void gradCamMatches(String name) throws IOException {
    Case c = Case.load(name);
    SaliencyResult r = new GradCam().explain(c.input, c.features, null);
    float[] ref = c.npy("gradcam/" + name + ".npy");
    double rr = Correlation.pearson(r.saliency(), ref);
    double d = maxAbsDiff(r.saliency(), ref);
    System.out.printf("%s: gradcam r=%.8f max|d|=%.1e%n", name, rr, d);
    assertTrue(rr >= 0.9999, "gradcam r=" + rr);
    assertTrue(d < 1e-3, "gradcam max |diff| " + d);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
