package dev.decomcam.processor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.ModelInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FrameTranslatorTest {

  private static ModelSpec spec(int w, int h, ResizeMode mode, ColorOrder order) {
    return new ModelSpec(
        Path.of("t.json"),
        "t",
        EngineKind.PYTORCH,
        new ModelFiles(null, null, null, null),
        w,
        h,
        mode,
        order,
        new float[] {0.5f, 0.25f, 0f},
        new float[] {0.5f, 0.5f, 1f},
        "f",
        List.of("a"),
        HeadKind.GAP_LINEAR,
        null);
  }

  private static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  @Test
  void centreCropGeometryLandscape() {
    // 640x480 -> shorter side 256: 341x256 (torchvision truncates), centre 224 at (58.5->58, 16)
    PreparedImage p =
        new FrameTranslator(spec(224, 224, ResizeMode.CENTER_CROP, ColorOrder.RGB))
            .prepare(solid(640, 480, 0x808080));
    assertEquals(224, p.input().width());
    assertEquals(224, p.input().height());
    double s = 480 / 256.0;
    assertEquals(Math.round(58 * s), p.cropX());
    assertEquals(Math.round(16 * s), p.cropY());
    assertEquals(Math.round(224 * s), p.cropWidth());
    assertEquals(Math.round(224 * s), p.cropHeight());
  }

  @Test
  void centreCropGeometryPortrait() {
    PreparedImage p =
        new FrameTranslator(spec(224, 224, ResizeMode.CENTER_CROP, ColorOrder.RGB))
            .prepare(solid(300, 600, 0x808080));
    assertEquals(Math.round(16 * 300 / 256.0), p.cropX());
    assertEquals(Math.round(144 * 300 / 256.0), p.cropY());
  }

  @Test
  void normalisesPerChannelInColourOrder() {
    BufferedImage img = solid(8, 6, 0xFF8000); // R=255, G=128, B=0
    ModelInput rgb =
        new FrameTranslator(spec(8, 6, ResizeMode.NONE, ColorOrder.RGB)).prepare(img).input();
    assertEquals((1f - 0.5f) / 0.5f, rgb.data()[0], 1e-6);
    assertEquals((128 / 255f - 0.25f) / 0.5f, rgb.data()[48], 1e-6);
    assertEquals(0f, rgb.data()[2 * 48], 1e-6);
    ModelInput bgr =
        new FrameTranslator(spec(8, 6, ResizeMode.NONE, ColorOrder.BGR)).prepare(img).input();
    assertEquals((0f - 0.5f) / 0.5f, bgr.data()[0], 1e-6);
    assertEquals(1f, bgr.data()[2 * 48], 1e-6);
  }

  @Test
  void stretchKeepsWholeFrameAndConstantColour() {
    PreparedImage p =
        new FrameTranslator(spec(32, 16, ResizeMode.STRETCH, ColorOrder.RGB))
            .prepare(solid(100, 90, 0x336699));
    assertEquals(0, p.cropX());
    assertEquals(100, p.cropWidth());
    assertEquals(90, p.cropHeight());
    assertEquals(32, p.input().width());
    assertEquals(16, p.input().height());
    for (int i = 0; i < 32 * 16; i++) {
      assertEquals((0x33 / 255f - 0.5f) / 0.5f, p.input().data()[i], 1e-6);
    }
  }

  @Test
  void noneRejectsOtherSizes() {
    FrameTranslator t = new FrameTranslator(spec(224, 224, ResizeMode.NONE, ColorOrder.RGB));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.prepare(solid(10, 10, 0)));
    assertTrue(e.getMessage().contains("use resize center-crop or stretch"), e.getMessage());
  }

  @Test
  void downscaleAveragesLikePil() {
    // a 1-pixel checkerboard shrunk 4x with the antialiased triangle filter averages to mid-grey
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0);
      }
    }
    ModelInput in =
        new FrameTranslator(spec(16, 16, ResizeMode.STRETCH, ColorOrder.RGB)).prepare(img).input();
    for (int i = 0; i < 16 * 16; i++) {
      float pixel = (in.data()[i] * 0.5f + 0.5f) * 255f;
      assertEquals(127.5f, pixel, 2f);
    }
  }

  @Test
  void centreCropMatchesReferenceCrop() throws IOException {
    Path shared = SharedData.shared();
    BufferedImage photo = ImageIO.read(shared.resolve("media/photos/eagle.jpg").toFile());
    BufferedImage ref =
        ImageIO.read(shared.resolve("reference/mobilenetv2/crops/eagle.png").toFile());
    ModelSpec s = ModelSpec.load(SharedData.spec());
    ModelInput in = new FrameTranslator(s).prepare(photo).input();
    double sum = 0;
    int n = 224 * 224;
    for (int i = 0; i < n; i++) {
      int rgb = ref.getRGB(i % 224, i / 224);
      int[] want = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
      for (int c = 0; c < 3; c++) {
        float got = (in.data()[c * n + i] * 0.5f + 0.5f) * 255f;
        sum += Math.abs(got - want[c]);
      }
    }
    double mean = sum / (3.0 * n);
    // decoders differ slightly (ImageIO vs libjpeg-turbo); geometry or filter errors give far more
    assertTrue(mean < 1.5, "mean |crop - reference crop| = " + mean + " levels");
  }

  @Test
  void samplesAreTheSameWhateverTheImageTypeIncludingSubImages() {
    java.util.Random rnd = new java.util.Random(5);
    BufferedImage ref = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        ref.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    // the oracle: getRGB's conversion, which every image type supports
    int[] argb = ref.getRGB(0, 0, 37, 23, null, 0, 37);
    for (int type :
        new int[] {
          BufferedImage.TYPE_3BYTE_BGR,
          BufferedImage.TYPE_INT_RGB,
          BufferedImage.TYPE_INT_BGR,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_4BYTE_ABGR
        }) {
      BufferedImage img = new BufferedImage(37, 23, type);
      img.getGraphics().drawImage(ref, 0, 0, null);
      assertSamples(argb, 37, PackedRgb.of(img), "type " + type);
      // a sub-image shares the parent's raster at an offset
      BufferedImage big = new BufferedImage(50, 40, type);
      big.getGraphics().drawImage(ref, 6, 9, null);
      assertSamples(
          argb, 37, PackedRgb.of(big.getSubimage(6, 9, 37, 23)), "sub-image of type " + type);
    }
  }

  private static void assertSamples(int[] argb, int w, PackedRgb px, String what) {
    assertEquals(w, px.width(), what + " width");
    assertEquals(argb.length / w, px.height(), what + " height");
    for (int i = 0; i < argb.length; i++) {
      int v = argb[i];
      int x = i % w;
      int y = i / w;
      assertEquals((v >> 16) & 0xff, px.sample(x, y, px.red()), what + " red at " + i);
      assertEquals((v >> 8) & 0xff, px.sample(x, y, px.green()), what + " green at " + i);
      assertEquals(v & 0xff, px.sample(x, y, px.blue()), what + " blue at " + i);
    }
  }

  /**
   * The one-pass translator gives exactly the inputs of the plane-by-plane baseline (the former
   * implementation) on the shared photos, on random frames of every image type and odd sizes, and
   * on sub-images, in every resize mode and colour order.
   */
  @Test
  void sameInputsAsTheBaselineTranslator() throws IOException {
    List<BufferedImage> images = new java.util.ArrayList<>();
    Path photos = SharedData.shared().resolve("media/photos");
    if (java.nio.file.Files.isDirectory(photos)) {
      try (var files = java.nio.file.Files.list(photos)) {
        for (Path f : files.sorted().toList()) {
          BufferedImage photo =
              dev.decomcam.common.image.JpegCodec.decode(java.nio.file.Files.readAllBytes(f));
          images.add(photo);
          // a 640x480 camera frame of it, as JpegCodec decodes frames (3-byte BGR)
          BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
          frame.getGraphics().drawImage(photo, 0, 0, 640, 480, null);
          images.add(frame);
        }
      }
    }
    java.util.Random rnd = new java.util.Random(11);
    int[][] sizes = {
      {640, 480}, {480, 640}, {400, 300}, {333, 250}, {224, 224}, {100, 90}, {17, 301}
    };
    int[] types = {
      BufferedImage.TYPE_3BYTE_BGR,
      BufferedImage.TYPE_INT_RGB,
      BufferedImage.TYPE_INT_BGR,
      BufferedImage.TYPE_INT_ARGB
    };
    for (int i = 0; i < sizes.length; i++) {
      int w = sizes[i][0];
      int h = sizes[i][1];
      BufferedImage img = new BufferedImage(w + 7, h + 5, types[i % types.length]);
      for (int y = 0; y < h + 5; y++) {
        for (int x = 0; x < w + 7; x++) {
          img.setRGB(x, y, rnd.nextInt(1 << 24));
        }
      }
      images.add(img.getSubimage(3, 2, w, h));
      images.add(img);
    }
    for (ResizeMode mode : ResizeMode.values()) {
      for (ColorOrder order : ColorOrder.values()) {
        ModelSpec s = spec(224, 224, mode, order);
        FrameTranslator now = new FrameTranslator(s);
        BaselineFrameTranslator before = new BaselineFrameTranslator(s);
        for (BufferedImage img : images) {
          String what = mode + " " + order + " " + img.getWidth() + "x" + img.getHeight();
          if (mode == ResizeMode.NONE && (img.getWidth() != 224 || img.getHeight() != 224)) {
            continue;
          }
          for (int round = 0; round < 2; round++) { // the second reuses the cached plan
            PreparedImage a = now.prepare(img);
            PreparedImage b = before.prepare(img);
            assertEquals(b.cropX(), a.cropX(), what);
            assertEquals(b.cropY(), a.cropY(), what);
            assertEquals(b.cropWidth(), a.cropWidth(), what);
            assertEquals(b.cropHeight(), a.cropHeight(), what);
            assertEquals(b.input().height(), a.input().height(), what);
            assertEquals(b.input().width(), a.input().width(), what);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                b.input().data(), a.input().data(), what);
          }
        }
      }
    }
  }

  @Test
  void framesMayBeDecodedSmallerDownToTheSizeTheResizeNeeds() {
    FrameTranslator demo = new FrameTranslator(spec(128, 128, ResizeMode.STRETCH, ColorOrder.RGB));
    assertEquals(4, demo.reduction(640, 480)); // 160x120: 120 rows enlarged 1.07x to 128
    assertEquals(2, demo.reduction(320, 240)); // 160x120; 80x60 is far short
    assertEquals(2, demo.reduction(640, 460)); // 160x115 would need 1.11x
    assertEquals(1, demo.reduction(200, 480)); // 100 columns < 128
    assertEquals(8, demo.reduction(3840, 2160)); // 480x270
    FrameTranslator imagenet =
        new FrameTranslator(spec(224, 224, ResizeMode.CENTER_CROP, ColorOrder.RGB));
    assertEquals(
        2, imagenet.reduction(640, 480)); // resized to 341x256 first: 320x240 is 1.07x short
    assertEquals(1, imagenet.reduction(600, 450)); // 300x225 is 1.14x short of 341x256
    assertEquals(4, imagenet.reduction(1920, 1080)); // 480x270 >= 455x256
    assertEquals(2, imagenet.reduction(1280, 720)); // 640x360 >= 455x256; 320x180 is short
    assertEquals(
        1,
        new FrameTranslator(spec(224, 224, ResizeMode.NONE, ColorOrder.RGB)).reduction(4480, 4480));
  }

  @Test
  void aPreparedRectangleOfAReducedDecodeIsGivenInFramePixels() {
    PreparedImage reduced =
        new FrameTranslator(spec(224, 224, ResizeMode.CENTER_CROP, ColorOrder.RGB))
            .prepare(solid(640, 360, 0x808080)); // a 1280x720 frame decoded at 1/2
    PreparedImage whole =
        new FrameTranslator(spec(224, 224, ResizeMode.CENTER_CROP, ColorOrder.RGB))
            .prepare(solid(1280, 720, 0x808080));
    PreparedImage inFrame = reduced.inFrame(2, 1280, 720);
    assertEquals(whole.cropX(), inFrame.cropX(), 2);
    assertEquals(whole.cropY(), inFrame.cropY(), 2);
    assertEquals(whole.cropWidth(), inFrame.cropWidth(), 2);
    assertEquals(whole.cropHeight(), inFrame.cropHeight(), 2);
    assertSame(reduced, reduced.inFrame(1, 640, 360));
    // rounded-up sides never reach past the frame: 641 columns decode to 321 at 1/2
    PreparedImage odd =
        new FrameTranslator(spec(128, 128, ResizeMode.STRETCH, ColorOrder.RGB))
            .prepare(solid(321, 241, 0x808080))
            .inFrame(2, 641, 481);
    assertEquals(641, odd.cropWidth());
    assertEquals(481, odd.cropHeight());
  }
}
