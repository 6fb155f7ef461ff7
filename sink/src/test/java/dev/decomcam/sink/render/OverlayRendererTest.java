package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverlayRendererTest {
  private static final int GRAY = 128;

  /** A mid-gray frame: luma 128, chroma 128, RGB (128, 128, 128). */
  private static Yuv420 grayFrame(int w, int h) {
    Yuv420 img = Yuv420.black(w, h);
    Arrays.fill(img.y(), (byte) GRAY);
    return img;
  }

  private static int luma(Yuv420 img, int x, int y) {
    return img.y()[y * img.width() + x] & 255;
  }

  private static int cb(Yuv420 img, int x, int y) {
    return img.u()[(y / 2) * img.chromaWidth() + x / 2] & 255;
  }

  private static int cr(Yuv420 img, int x, int y) {
    return img.v()[(y / 2) * img.chromaWidth() + x / 2] & 255;
  }

  /** JFIF Y, Cb, Cr of {@code level}'s Turbo colour blended over the gray frame, in doubles. */
  private static double[] blendedGray(int level, double alpha) {
    int c = Colormap.turbo(level / 255.0);
    int r = (c >> 16) & 255;
    int g = (c >> 8) & 255;
    int b = c & 255;
    double y = 0.299 * r + 0.587 * g + 0.114 * b;
    double cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    double cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    return new double[] {
      (1 - alpha) * GRAY + alpha * y,
      (1 - alpha) * GRAY + alpha * cb,
      (1 - alpha) * GRAY + alpha * cr
    };
  }

  /**
   * The Turbo level whose colour blended over the gray frame is nearest the pixel (its luma and its
   * block's chroma), inverting the public colormap.
   */
  private static int levelAt(Yuv420 img, int x, int y, double alpha) {
    int best = -1;
    double bestDist = Double.MAX_VALUE;
    for (int i = 0; i <= 255; i++) {
      double[] e = blendedGray(i, alpha);
      double d =
          Math.pow(luma(img, x, y) - e[0], 2)
              + Math.pow(cb(img, x, y) - e[1], 2)
              + Math.pow(cr(img, x, y) - e[2], 2);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    return best;
  }

  private static double valueAt(Yuv420 img, int x, int y, double alpha) {
    return levelAt(img, x, y, alpha) / 255.0;
  }

  private static void assertGray(Yuv420 img, int x, int y) {
    assertEquals(GRAY, luma(img, x, y), "luma at " + x + "," + y);
    assertEquals(128, cb(img, x, y), "Cb at " + x + "," + y);
    assertEquals(128, cr(img, x, y), "Cr at " + x + "," + y);
  }

  @Test
  void heatmapPeakLandsWhereTheSaliencyPeaksInsideTheCrop() {
    // model saw the 320x240 region at (200, 100); saliency peaks at input (56, 168) = 1/4 across,
    // 3/4 down
    Explanation e = Explanations.of("cam", 3, List.of(200f, 100f, 320f, 240f), 56, 168, List.of());
    OverlayRenderer r = new OverlayRenderer();
    Yuv420 out = r.render(grayFrame(640, 480), e, 12);
    int header = OverlayRenderer.headerHeight(480);
    assertEquals(640, out.width());
    assertEquals(480 + header, out.height());

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
    // the blend is round((1 - alpha) * frame + alpha * turbo) per plane: luma exact per pixel;
    // chroma per 2x2 block at the block's mean level, which on the flat peak is the pixel's level
    // give or take one, and one Turbo level moves chroma by under 2
    int level = levelAt(out, bx, by + header, r.options().alpha());
    double[] expected = blendedGray(level, r.options().alpha());
    assertEquals(Math.round(expected[0]), luma(out, bx, by + header), "blended luma at the peak");
    assertEquals(expected[1], cb(out, bx, by + header), 2, "blended Cb at the peak");
    assertEquals(expected[2], cr(out, bx, by + header), 2, "blended Cr at the peak");
    // outside the crop the frame is untouched
    assertGray(out, 100, 50 + header);
    assertGray(out, 600, 400 + header);
    // inside the crop far from the peak: low saliency
    assertTrue(valueAt(out, 510, 110 + header, r.options().alpha()) < 0.1);
  }

  @Test
  void headerBarCarriesText() {
    Explanation e = Explanations.of("cam", 3, List.of(), 112, 112, List.of());
    Yuv420 out = new OverlayRenderer().render(grayFrame(320, 240), e, 40);
    int header = OverlayRenderer.headerHeight(240);
    int dark = 0;
    int bright = 0;
    for (int y = 0; y < header; y++) {
      for (int x = 0; x < 320; x++) {
        assertEquals(128, cb(out, x, y), "the header is gray");
        assertEquals(128, cr(out, x, y), "the header is gray");
        int lum = luma(out, x, y);
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
    Yuv420 out = r.render(grayFrame(224, 224), e, 0);
    int header = OverlayRenderer.headerHeight(224);
    int leftWhite = 0;
    int rightWhite = 0;
    for (int y = header; y < out.height(); y++) {
      for (int x = 0; x < 224; x++) {
        // white on the gray frame: luma 255, chroma 128 as the frame's
        if (luma(out, x, y) == 255 && cb(out, x, y) == 128 && cr(out, x, y) == 128) {
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
    Yuv420 own = r.render(grayFrame(128, 96), e, 10);
    Yuv420 reused =
        r.renderReused(grayFrame(128, 96), e, new OverlayRenderer.Reuse(8, 5, 200, false), 10);
    Yuv420 none = r.renderUnexplained(grayFrame(128, 96), 8, 10, false);
    assertEquals(96 + header, reused.height());
    assertEquals(96 + header, none.height());
    assertArrayEquals(body(own.y(), header * 128), body(reused.y(), header * 128), "same heatmap");
    assertArrayEquals(body(own.u(), header / 2 * 64), body(reused.u(), header / 2 * 64));
    assertArrayEquals(body(own.v(), header / 2 * 64), body(reused.v(), header / 2 * 64));
    Yuv420 frame = grayFrame(128, 96);
    assertArrayEquals(frame.y(), body(none.y(), header * 128), "no heatmap");
    assertArrayEquals(frame.u(), body(none.u(), header / 2 * 64), "no heatmap");
    assertArrayEquals(frame.v(), body(none.v(), header / 2 * 64), "no heatmap");
  }

  @Test
  void theHeaderSaysWhichExplanationIsReusedAndWhenTheProcessorDidNotAnswer() {
    Explanation e = Explanations.of("cam", 3, List.of(), 112, 112, List.of());
    String skipped = OverlayRenderer.headerText(e, new OverlayRenderer.Reuse(8, 5, 200, false), 10);
    assertTrue(skipped.contains("#8 reused #3 (+5 frames, 200 ms)"), skipped);
    assertFalse(skipped.contains(OverlayRenderer.NOT_ANSWERING), skipped);
    String overdue =
        OverlayRenderer.headerText(e, new OverlayRenderer.Reuse(8, 5, 2400, true), 2500, 2);
    assertTrue(overdue.contains("#8 reused #3 (+5 frames, 2400 ms)"), overdue);
    assertTrue(
        overdue.indexOf(OverlayRenderer.NOT_ANSWERING) < overdue.indexOf("1/2 size"),
        "said before what a narrow overlay may cut: " + overdue);
    String own = OverlayRenderer.headerText(e, null, 10);
    assertFalse(own.contains("reused") || own.contains(OverlayRenderer.NOT_ANSWERING), own);
  }

  /** A frame of smooth colours inside the RGB gamut, as a camera frame decodes. */
  static Yuv420 colourFrame(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(200, 170, 90)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(120, 60, 30));
    g.fillOval(w / 3, h / 4, w / 3, h / 3);
    g.dispose();
    return Yuv420.fromImage(img);
  }

  /** Explanations with heatmap, several components and labels, crops on odd and even pixels. */
  static List<Explanation> varied() {
    List<Explanation> out = new ArrayList<>();
    List<List<Float>> crops =
        List.of(List.of(), List.of(37f, 21f, 251f, 183f), List.of(101f, 30f, 200f, 190f));
    int seq = 1;
    for (List<Float> crop : crops) {
      Explanation e = Explanations.of("cam", seq++, crop, 90, 130, List.of());
      e.setComponents(
          List.of(
              Explanations.component(11, 0.6f, Explanations.blob(7, 7, 3.5, 3, 1.2)),
              Explanations.component(2, 0.3f, Explanations.blob(16, 16, 3, 11, 2.5)),
              Explanations.component(7, 0.2f, Explanations.blob(7, 7, 5, 1.5, 1.5))));
      out.add(e);
    }
    return out;
  }

  /**
   * The picture is the RGB renderer's (the baseline: every map resized in floats, blended in
   * doubles, text and boxes drawn by Java2D) converted to YUV 4:2:0 as a JPEG encoder converts it,
   * heatmap, outlines, labels and header alike. Luma within 1 per pixel, 2 next to a tie of the
   * heatmap's levels: the RGB drawing rounds each channel (half a level of luma) and the reference
   * also goes through RGB and back, and the heatmap's fixed-point levels may be one off the
   * reference's float ones where a resized value lies within a tenth of a level of a half, where a
   * steep step of Turbo's luma adds one more. Chroma within 3 per sample: besides rounding, 4:2:0
   * is drawn per 2x2 block (the heatmap at the block's mean level, outlines and labels by the share
   * of the block they cover) where the reference averages four separately drawn pixels. Nearly all
   * values are equal: the mean difference is a fraction of a level.
   */
  @Test
  void drawsWhatTheRgbRendererDrewUpToRoundingAnd420Chroma() {
    OverlayRenderer r = new OverlayRenderer();
    BaselineOverlayRenderer rgb = new BaselineOverlayRenderer();
    for (int[] size : new int[][] {{320, 240}, {301, 227}}) {
      Yuv420 frame = colourFrame(size[0], size[1]);
      for (Explanation e : varied()) {
        Yuv420 now = r.render(frame, e, 40);
        Yuv420 ref = Yuv420.fromImage(rgb.render(frame.toImage(), e, 40));
        String what = size[0] + "x" + size[1] + " crop " + e.getCrop();
        assertClose(ref.y(), now.y(), 2, what + " Y");
        assertClose(ref.u(), now.u(), 3, what + " Cb");
        assertClose(ref.v(), now.v(), 3, what + " Cr");
      }
    }
  }

  /**
   * The picture is the one drawn before the heatmap's levels went fixed-point ({@link
   * PreviousOverlayRenderer}, float levels exactly those of {@link Resample#bilinear}) but where a
   * level lies next to a tie, and there a level of Turbo away: within 2 per value, and under a
   * hundredth on average, on smooth saliency and on noise (the steepest there is), at the sizes the
   * sink draws, crops on odd and even pixels.
   */
  @Test
  void drawsThePreviousPictureUpToALevelNextToTies() {
    OverlayRenderer r = new OverlayRenderer();
    PreviousOverlayRenderer previous = new PreviousOverlayRenderer();
    Random rnd = new Random(4);
    for (int[] size : new int[][] {{640, 480}, {320, 240}, {301, 227}}) {
      Yuv420 frame = colourFrame(size[0], size[1]);
      List<Explanation> all = new ArrayList<>(varied());
      Explanation noisy = Explanations.of("noise", 9, List.of(), 90, 130, List.of());
      byte[] noise = new byte[224 * 224];
      rnd.nextBytes(noise);
      noisy.setSaliency(map(224, 224, noise));
      all.add(noisy);
      for (Explanation e : all) {
        Yuv420 now = r.render(frame, e, 40);
        Yuv420 before = previous.render(frame, e, 40);
        String what = size[0] + "x" + size[1] + " " + e.getCameraId() + " crop " + e.getCrop();
        assertNear(before.y(), now.y(), 2, 0.01, what + " Y");
        assertNear(before.u(), now.u(), 2, 0.01, what + " Cb");
        assertNear(before.v(), now.v(), 2, 0.01, what + " Cr");
      }
    }
  }

  private static SaliencyMap map(int w, int h, byte[] data) {
    return SaliencyMap.newBuilder()
        .setWidth(w)
        .setHeight(h)
        .setEncoding("u8")
        .setData(ByteBuffer.wrap(data))
        .build();
  }

  /** Each value within {@code max}, the mean absolute difference at most {@code mean}. */
  private static void assertNear(
      byte[] expected, byte[] actual, int max, double mean, String what) {
    assertEquals(expected.length, actual.length, what + " size");
    long sum = 0;
    int worst = 0;
    for (int i = 0; i < expected.length; i++) {
      int d = Math.abs((expected[i] & 255) - (actual[i] & 255));
      worst = Math.max(worst, d);
      sum += d;
    }
    assertTrue(worst <= max, what + " differs by " + worst);
    assertTrue(
        sum <= mean * expected.length, what + " mean difference " + (double) sum / expected.length);
  }

  /** Each value within {@code max}, the mean absolute difference under 0.25. */
  private static void assertClose(byte[] expected, byte[] actual, int max, String what) {
    assertEquals(expected.length, actual.length, what + " size");
    long sum = 0;
    for (int i = 0; i < expected.length; i++) {
      int d = Math.abs((expected[i] & 255) - (actual[i] & 255));
      assertTrue(d <= max, what + " differs by " + d + " at " + i);
      sum += d;
    }
    assertTrue(
        sum < 0.25 * expected.length, what + " mean difference " + (double) sum / expected.length);
  }

  private static byte[] body(byte[] plane, int from) {
    return Arrays.copyOfRange(plane, from, plane.length);
  }
}
