package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A frame's image must be the encoding the record declares, whatever the codec could decode. */
class FrameImagesTest {
  private static byte[] encoded(String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), format, out);
    return out.toByteArray();
  }

  private static String refused(String encoding, byte[] image) {
    Frame f = ExplainTopologyTest.frame("cam", 4, image);
    f.setEncoding(encoding);
    return assertThrows(
            IllegalArgumentException.class, () -> FrameImages.decode(f, PixelLimit.DEFAULT))
        .getMessage();
  }

  @Test
  void imagesOfAnotherFormatThanDeclaredAreRefused() throws Exception {
    byte[] png = encoded("png");
    assertEquals(
        "image bytes ("
            + png.length
            + ") are not a decodable jpeg image (they are a png image where the frame says jpeg):"
            + " check the producer's encoder",
        refused("jpeg", png));
    assertEquals(
        "image bytes ("
            + encoded("gif").length
            + ") are not a decodable jpeg image (they are a gif"
            + " image where the frame says jpeg): check the producer's encoder",
        refused("jpeg", encoded("gif")));
    assertEquals(
        "image bytes (0) are not a decodable jpeg image (there are none: the record carries no"
            + " image): check the producer's encoder",
        refused("jpeg", new byte[0]));
    byte[] jpeg = new JpegCodec(0.8).encode(new BufferedImage(16, 16, 5)).bytes();
    assertEquals(
        "image bytes ("
            + jpeg.length
            + ") are not a decodable png image (they are a jpeg image where the frame says png):"
            + " check the producer's encoder",
        refused("png", jpeg));
  }

  @Test
  void declaredFormatsDecode() throws Exception {
    Frame png = ExplainTopologyTest.frame("cam", 4, encoded("png"));
    png.setEncoding("png");
    assertEquals(16, FrameImages.decode(png, PixelLimit.DEFAULT).getWidth());
    Frame jpeg =
        ExplainTopologyTest.frame(
            "cam", 5, new JpegCodec(0.8).encode(new BufferedImage(24, 16, 5)).bytes());
    assertEquals(24, FrameImages.decode(jpeg, PixelLimit.DEFAULT).getWidth());
    assertEquals("jpeg", FrameImages.format(ByteBuffer.wrap(new byte[] {-1, -40, -1, 1})));
  }

  @Test
  void aRecordsWholeArrayIsDecodedInPlaceAnythingElseCopied() {
    byte[] whole = {1, 2, 3, 4, 5};
    ByteBuffer own = ByteBuffer.wrap(whole);
    assertSame(whole, FrameImages.bytes(own));
    assertEquals(0, own.position());
    ByteBuffer tail = ByteBuffer.wrap(whole, 1, 4);
    assertArrayEquals(new byte[] {2, 3, 4, 5}, FrameImages.bytes(tail));
    assertEquals(1, tail.position());
    assertArrayEquals(new byte[] {1, 2, 3}, FrameImages.bytes(ByteBuffer.wrap(whole).limit(3)));
    assertArrayEquals(new byte[] {3, 4}, FrameImages.bytes(ByteBuffer.wrap(whole, 2, 2).slice()));
    ByteBuffer readOnly = ByteBuffer.wrap(whole).asReadOnlyBuffer();
    byte[] copy = FrameImages.bytes(readOnly);
    assertArrayEquals(whole, copy);
    assertNotSame(whole, copy);
  }
}
