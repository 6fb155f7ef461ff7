package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayRendererTest {
  private static final int GRAY = 128;

  private static BufferedImage grayFrame(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(GRAY, GRAY, GRAY));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /**
   * The saliency value whose blended colour is nearest the pixel, inverting the public colormap.
   */
  private static double valueAt(BufferedImage img, int x, int y, double alpha) {
    int p = img.getRGB(x, y);
    double best = -1;
    double bestDist = Double.MAX_VALUE;
    for (int i = 0; i <= 255; i++) {
      int c = Colormap.turbo(i / 255.0);
      double d = 0;
      for (int s = 0; s < 24; s += 8) {
        double expect = (1 - alpha) * GRAY + alpha * ((c >> s) & 255);
        d += Math.pow(((p >> s) & 255) - expect, 2);
      }
      if (d < bestDist) {
        bestDist = d;
        best = i / 255.0;
      }
    }
    return best;
  }

  @Test
  void heatmapPeakLandsWhereTheSaliencyPeaksInsideTheCrop() {
    // model saw the 320x240 region at (200, 100); saliency peaks at input (56, 168) = 1/4 across,
    // 3/4 down
    Explanation e = Explanations.of("cam", 3, List.of(200f, 100f, 320f, 240f), 56, 168, List.of());
    OverlayRenderer r = new OverlayRenderer();
    BufferedImage out = r.render(grayFrame(640, 480), e, 12);
    int header = OverlayRenderer.headerHeight(480);
    assertEquals(640, out.getWidth());
    assertEquals(480 + header, out.getHeight());

    double bestV = -1;
    int bx = -1;
    int by = -1;
    for (int y = 0; y < 480; y += 4) {
      for (int x = 0; x < 640; x += 4) {
        double v = valueAt(out, x, y + header, r.options().alpha());
        if (v > bestV) {
          bestV = v;
          bx = x;
          by = y;
        }
      }
    }
    int expectX = 200 + 320 / 4; // 280
    int expectY = 100 + 240 * 3 / 4; // 280
    assertTrue(
        Math.abs(bx - expectX) <= 8 && Math.abs(by - expectY) <= 8,
        "hottest pixel at ("
            + bx
            + ","
            + by
            + "), expected near ("
            + expectX
            + ","
            + expectY
            + ")");
    assertTrue(bestV > 0.9, "peak value " + bestV);
    // the blend is exact: round((1 - alpha) * frame + alpha * turbo) per channel
    int c = Colormap.turbo(bestV);
    double a = r.options().alpha();
    int expected = 0;
    for (int sh = 0; sh < 24; sh += 8) {
      expected |= (int) Math.round((1 - a) * GRAY + a * ((c >> sh) & 255)) << sh;
    }
    assertEquals(expected, out.getRGB(bx, by + header) & 0xFFFFFF, "blended colour at the peak");
    // outside the crop the frame is untouched
    assertEquals(new Color(GRAY, GRAY, GRAY).getRGB(), out.getRGB(100, 50 + header));
    assertEquals(new Color(GRAY, GRAY, GRAY).getRGB(), out.getRGB(600, 400 + header));
    // inside the crop far from the peak: low saliency
    assertTrue(valueAt(out, 510, 110 + header, r.options().alpha()) < 0.1);
  }

  @Test
  void headerBarCarriesText() {
    Explanation e = Explanations.of("cam", 3, List.of(), 112, 112, List.of());
    BufferedImage out = new OverlayRenderer().render(grayFrame(320, 240), e, 40);
    int header = OverlayRenderer.headerHeight(240);
    int dark = 0;
    int bright = 0;
    for (int y = 0; y < header; y++) {
      for (int x = 0; x < 320; x++) {
        int lum = out.getRGB(x, y) & 255;
        if (lum < 60) {
          dark++;
        } else if (lum > 180) {
          bright++;
        }
      }
    }
    assertTrue(dark > header * 320 / 2, "header background must be dark");
    assertTrue(bright > 30, "header must carry text, bright pixels: " + bright);
  }

  @Test
  void strongestComponentsAreOutlined() {
    // one heavy component in the left half, a light one on the right that must not be drawn with
    // max=1
    var left = Explanations.component(7, 0.9f, Explanations.blob(7, 7, 1, 3, 1.0));
    var right = Explanations.component(8, 0.1f, Explanations.blob(7, 7, 5, 3, 1.0));
    Explanation e = Explanations.of("cam", 3, List.of(), 112, 112, List.of(right, left));
    OverlayRenderer r = new OverlayRenderer(new OverlayRenderer.Options(0.0, 1, 0.5));
    BufferedImage out = r.render(grayFrame(224, 224), e, 0);
    int header = OverlayRenderer.headerHeight(224);
    int leftWhite = 0;
    int rightWhite = 0;
    for (int y = header; y < out.getHeight(); y++) {
      for (int x = 0; x < 224; x++) {
        if ((out.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) {
          if (x < 112) {
            leftWhite++;
          } else {
            rightWhite++;
          }
        }
      }
    }
    assertTrue(
        leftWhite > 50, "outline of the strongest component expected on the left: " + leftWhite);
    assertEquals(0, rightWhite, "weaker component must not be outlined when only one is drawn");
  }

  @Test
  void badInputIsOneLineError() {
    OverlayRenderer r = new OverlayRenderer();
    Explanation shortData = Explanations.of("cam", 9, List.of(), 112, 112, List.of());
    shortData.setSaliency(
        SaliencyMap.newBuilder()
            .setWidth(224)
            .setHeight(224)
            .setEncoding("u8")
            .setData(ByteBuffer.wrap(new byte[100]))
            .build());
    IllegalArgumentException e1 =
        assertThrows(
            IllegalArgumentException.class, () -> r.render(grayFrame(64, 64), shortData, 0));
    assertTrue(
        e1.getMessage().startsWith("explanation cam#9: saliency: 100 bytes for 224x224"),
        e1.getMessage());

    Explanation outside =
        Explanations.of("cam", 9, List.of(50f, 50f, 100f, 100f), 112, 112, List.of());
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> r.render(grayFrame(64, 64), outside, 0));
    assertTrue(e2.getMessage().contains("not inside the 64x64 frame"), e2.getMessage());

    Explanation threeValues = Explanations.of("cam", 9, List.of(1f, 2f, 3f), 112, 112, List.of());
    assertThrows(IllegalArgumentException.class, () -> r.render(grayFrame(64, 64), threeValues, 0));

    var badComp =
        Explanations.component(
            1,
            1f,
            SaliencyMap.newBuilder()
                .setWidth(7)
                .setHeight(7)
                .setEncoding("u8")
                .setData(ByteBuffer.wrap(new byte[48]))
                .build());
    Explanation comp = Explanations.of("cam", 9, List.of(), 112, 112, List.of(badComp));
    IllegalArgumentException e3 =
        assertThrows(IllegalArgumentException.class, () -> r.render(grayFrame(64, 64), comp, 0));
    assertTrue(e3.getMessage().contains("component 1 map"), e3.getMessage());
    for (var e : List.of(e1, e2, e3)) {
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void colormapRunsFromBlueToRed() {
    int lo = Colormap.turbo(0.1);
    int hi = Colormap.turbo(1);
    int mid = Colormap.turbo(0.5);
    assertTrue((lo & 255) > ((lo >> 16) & 255), "low end is blue");
    assertTrue(((hi >> 16) & 255) > (hi & 255), "high end is red");
    assertTrue(((mid >> 8) & 255) > 200, "middle is bright green");
    assertEquals(Colormap.turbo(0), Colormap.turbo(-3));
    assertEquals(hi, Colormap.turbo(7));
  }

  @Test
  void bilinearKeepsConstantsAndCentres() {
    float[] up = Resample.bilinear(new float[] {0, 1, 0, 1}, 2, 2, 4, 4);
    assertEquals(0f, up[0], 1e-6);
    assertEquals(1f, up[3], 1e-6);
    assertEquals(0.25f, up[1], 1e-6); // pixel centre 1.5/4 of the way maps to 0.25 between cells
    float[] flat = Resample.bilinear(new float[] {0.3f, 0.3f, 0.3f}, 3, 1, 10, 5);
    for (float v : flat) {
      assertEquals(0.3f, v, 1e-6);
    }
  }

  @Test
  void aReusedExplanationIsDrawnAsOnItsOwnFrameAndNoExplanationLeavesTheFrameAlone() {
    Explanation e = Explanations.of("cam", 3, List.of(), 112, 112, List.of());
    OverlayRenderer r = new OverlayRenderer();
    int header = OverlayRenderer.headerHeight(96);
    BufferedImage own = r.render(grayFrame(128, 96), e, 10);
    BufferedImage reused =
        r.renderReused(grayFrame(128, 96), e, new OverlayRenderer.Reuse(8, 5, 200), 10);
    BufferedImage none = r.renderUnexplained(grayFrame(128, 96), 8, 10);
    assertEquals(96 + header, reused.getHeight());
    assertEquals(96 + header, none.getHeight());
    for (int y = header; y < 96 + header; y += 3) {
      for (int x = 0; x < 128; x += 3) {
        assertEquals(own.getRGB(x, y), reused.getRGB(x, y), "same heatmap at " + x + "," + y);
        assertEquals(new Color(GRAY, GRAY, GRAY).getRGB(), none.getRGB(x, y), "no heatmap");
      }
    }
  }
}
