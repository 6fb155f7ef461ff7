package dev.decomcam.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.ops.pipeline.LocalPipeline;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.sink.SinkConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as an operator uses it, in Debian's chromium driven by chromedriver: during a demo
 * with two cameras (bundled model, real embedded broker) the wall shows both updating, a camera's
 * page lists its components and timeline, and the heatmap toggles; with the explain-processor
 * stopped, the wall marks both cameras unexplained while their overlays keep coming. Screenshots go
 * to {@code ops/target/dashboard-screenshots/}. Skipped, saying so, where chromium or chromedriver
 * is absent.
 */
class DashboardBrowserIT {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = ROOT.resolve("ops/target/dashboard-screenshots");

  @Test
  void wallAndCameraPageUpdateLiveInChromium(@TempDir Path work) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "dashboard browser test skipped: install Debian's chromium and chromium-driver"
            + " (/usr/bin/chromium, /usr/bin/chromedriver)");
    Files.createDirectories(SHOTS);
    Path video = work.resolve("demo.mp4");
    DemoVideo.generate(
        video, work.resolve("truth.json"), 7, 80, DemoVideo.WIDTH, DemoVideo.HEIGHT, 8);
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null, Map.of());
        LocalPipeline pipeline =
            LocalPipeline.start(
                kafka,
                2,
                work,
                Map.of(
                    "model.spec",
                    ROOT.resolve("models/demo-shapes/spec.json").toString(),
                    "mode",
                    "streaming"),
                Map.of(SinkConfig.DASHBOARD_PORT, Integer.toString(port)),
                ExplainMetrics.NONE)) {
      for (String camera : List.of("cam-a", "cam-b")) {
        pipeline.startIngest(
            camera,
            video.toString(),
            Map.of(IngestConfig.PACING, "realtime", IngestConfig.LOOP, "true"));
      }
      WebDriver browser = chromium();
      try {
        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.until(b -> b.findElements(By.cssSelector(".card[data-frames]")).size() >= 2);
        Map<String, Integer> first = frames(browser);
        wait.until(
            b ->
                frames(b).entrySet().stream()
                    .allMatch(e -> e.getValue() > first.getOrDefault(e.getKey(), 0) + 3));
        Map<String, Integer> later = frames(browser);
        System.out.println("wall: overlays shown per camera " + first + " then " + later);
        assertEquals(List.of("cam-a", "cam-b"), List.copyOf(later.keySet()));
        shot(browser, "wall.png");

        long t0 = System.nanoTime();
        String cameras = get(base + "/api/cameras");
        System.out.printf(
            "/api/cameras during the demo: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        // a rate over the last seconds: on a loaded machine a live camera may have skipped them
        // all,
        // so wait for a window with an explained frame rather than read one instant
        String[] seen = {cameras};
        new WebDriverWait(browser, Duration.ofSeconds(90))
            .withMessage(() -> "cam-a never showed explained frames: " + seen[0])
            .until(
                b -> {
                  try {
                    seen[0] = get(base + "/api/cameras");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  JsonObject a =
                      JsonParser.parseString(seen[0]).getAsJsonObject().getAsJsonObject("cam-a");
                  return a.get("explainedPerSecond").getAsDouble() > 0;
                });

        browser.findElement(By.linkText("cam-a")).click();
        wait.until(b -> b.findElements(By.cssSelector("#components tbody tr")).size() > 0);
        wait.until(b -> intAttr(b.findElement(By.id("frame")), "data-frames") >= 2);
        wait.until(b -> intAttr(b.findElement(By.id("timeline")), "data-lifetimes") > 0);
        // the rows are rebuilt on every push: read them in one script call, not element by element
        @SuppressWarnings("unchecked")
        List<String> rows =
            (List<String>)
                ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript(
                        "return [...document.querySelectorAll('#components tbody tr')]"
                            + ".map(r => r.innerText.replace(/\\s+/g, ' '))");
        rows.forEach(r -> System.out.println("component row: " + r));
        assertTrue(rows.get(0).matches("#\\d+ .*(reused|re-scored).*fr.*"), rows.get(0));
        System.out.println(
            "timeline: "
                + browser.findElement(By.id("timeline")).getAttribute("data-lifetimes")
                + " lifetimes, "
                + browser.findElement(By.id("timeline")).getAttribute("data-resets")
                + " resets; events: "
                + browser.findElement(By.id("events")).getText().replace('\n', '|'));
        shot(browser, "camera-heatmap.png");
        WebElement heatmap = browser.findElement(By.id("heatmap"));
        heatmap.click();
        wait.until(
            b -> "false".equals(b.findElement(By.id("overlay")).getAttribute("data-heatmap")));
        shot(browser, "camera-outlines-only.png");
        heatmap.click();
        wait.until(
            b -> "true".equals(b.findElement(By.id("overlay")).getAttribute("data-heatmap")));

        JsonObject detail =
            JsonParser.parseString(get(base + "/api/cameras/cam-a")).getAsJsonObject();
        System.out.println(
            "cam-a dashboard state: "
                + detail.get("stateBytes").getAsLong()
                + " bytes; explained frame "
                + detail.getAsJsonObject("explained").get("sequence"));
        JsonObject timeline =
            JsonParser.parseString(get(base + "/api/cameras/cam-a/timeline")).getAsJsonObject();
        assertTrue(timeline.getAsJsonArray("lifetimes").size() > 0, timeline.toString());

        // the processor goes away: the wall says so per camera while the overlays keep coming
        pipeline.processor().stop();
        browser.get(base + "/");
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .withMessage(() -> "the wall never showed the cameras unexplained: " + health(browser))
            .until(
                b ->
                    health(b).size() == 2
                        && health(b).values().stream().allMatch("unexplained"::equals));
        Map<String, Integer> before = frames(browser);
        wait.until(
            b ->
                frames(b).entrySet().stream()
                    .allMatch(e -> e.getValue() > before.getOrDefault(e.getKey(), 0) + 3));
        WebElement card = browser.findElement(By.cssSelector(".card[data-camera='cam-a']"));
        String dot = card.findElement(By.cssSelector(".dot")).getAttribute("title");
        System.out.println("processor stopped: cam-a's health " + dot);
        assertTrue(dot.contains("overlay.explanation.wait.ms"), dot);
        assertTrue(card.getText().contains("processor not answering"), card.getText());
        shot(browser, "wall-processor-stopped.png");
      } finally {
        browser.quit();
      }
    }
  }

  static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  /** Each card's health, by camera. */
  static Map<String, String> health(WebDriver b) {
    return b.findElements(By.cssSelector(".card")).stream()
        .collect(
            java.util.stream.Collectors.toMap(
                e -> e.getAttribute("data-camera"),
                e -> String.valueOf(e.getAttribute("data-health")),
                (x, y) -> x,
                java.util.TreeMap::new));
  }

  /** Overlays each card has shown so far, by camera. */
  static Map<String, Integer> frames(WebDriver b) {
    return b.findElements(By.cssSelector(".card")).stream()
        .collect(
            java.util.stream.Collectors.toMap(
                e -> e.getAttribute("data-camera"),
                e -> intAttr(e, "data-frames"),
                (x, y) -> x,
                java.util.TreeMap::new));
  }

  static int intAttr(WebElement e, String name) {
    String v = e.getAttribute(name);
    return v == null || v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  static void shot(WebDriver b, String name) throws IOException {
    Path file = SHOTS.resolve(name);
    Files.write(file, ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));
    System.out.println("screenshot " + file.toAbsolutePath().normalize());
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
