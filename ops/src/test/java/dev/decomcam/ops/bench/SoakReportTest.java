package dev.decomcam.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.bench.SoakBench.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {

  /** 100 samples, one per 100 frames; resident memory rising by {@code leakPerFrame} bytes. */
  private static SoakReport run(long leakPerFrame) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      long frames = i * 100L;
      // start-up: memory climbs over the first 10% and is then flat, but for the leak
      long rss = 400_000_000L + Math.min(i, 10) * 20_000_000L + leakPerFrame * frames;
      samples.add(new Sample(i, frames, 10_000, rss, 80_000_000L, 30_000_000L, 900, 120));
    }
    return new SoakReport("m", "v", "c", 10_000, 10_000, true, samples);
  }

  @Test
  void flatAfterWarmUpIsFlatAndALeakIsNot() {
    SoakReport flat = run(0);
    assertTrue(flat.flat());
    assertEquals(0.0, flat.growth().get("rss_bytes").growth(), 1e-12);
    // 20 KB per frame: 6000 frames between the windows' middles, 120 MB on about 660 MB: 18%
    SoakReport leak = run(20_000);
    assertFalse(leak.flat());
    assertFalse(leak.growth().get("rss_bytes").flat());
    assertTrue(leak.growth().get("heap_after_gc_bytes").flat());
    // 100 bytes per frame: 600 KB on 600 MB, flat
    assertTrue(run(100).flat());
  }

  /**
   * Ingest publishes every frame while the first 3000 are explained, the heap 50 MB higher for its
   * buffers, then drops: the windows lie after it, so the drop is no "shrink", and a leak after it
   * still shows.
   */
  @Test
  void theWindowsLieAfterTheLastFrameWasPublished() {
    for (long leak : new long[] {0, 2_000}) {
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i <= 100; i++) {
        long frames = i * 100L;
        long published = Math.min(10_000, frames * 10 / 3);
        long heap = 80_000_000L + (published < 10_000 ? 50_000_000L : 0) + leak * frames;
        samples.add(new Sample(i, frames, published, 500_000_000L, heap, 0, 0, 100));
      }
      // the pipeline closed: less memory, no more frames; not part of the late window
      samples.add(new Sample(101, 10_000, 10_000, 100_000_000L, 1_000_000L, 0, 0, 50));
      samples.add(new Sample(102, 10_000, 10_000, 100_000_000L, 1_000_000L, 0, 0, 50));
      SoakReport r = new SoakReport("m", "v", "c", 10_000, 10_000, true, samples);
      assertEquals(3000, r.steadyFrom());
      // windows: frames 4400-5800 against 8600-10000
      assertEquals(80_000_000L + leak * 5100, r.growth().get("heap_after_gc_bytes").early(), 1);
      assertEquals(leak == 0, r.flat(), "leak " + leak + " bytes a frame");
    }
  }

  @Test
  void writesCsvJsonAndPng(@TempDir Path dir) throws IOException {
    run(20_000).write(dir);
    List<String> csv = Files.readAllLines(dir.resolve("soak.csv"));
    assertEquals(102, csv.size());
    assertEquals(
        "seconds,explained,published,rss_bytes,heap_after_gc_bytes,javacpp_bytes,javacpp_pointers,open_files",
        csv.get(0));
    assertTrue(Files.readString(dir.resolve("soak.json")).contains("\"flat\": false"));
    byte[] png = Files.readAllBytes(dir.resolve("soak.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
  }
}
