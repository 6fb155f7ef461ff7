package dev.decomcam.common.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What a JPEG's markers say, read by walking them from SOI to EOI without decoding: the frame size
 * from the SOF segment, checked against a {@link PixelLimit} as soon as it is read, and the proof
 * that the file is whole (every segment inside the bytes, an EOI after the last scan). Done before
 * any native decoder sees the bytes, so hostile sizes are refused before any pixel memory exists
 * and truncated files are refused rather than decoded with a gray bottom.
 *
 * @param width samples per line
 * @param height lines
 * @param components colour components (1 gray, 3 YCbCr or RGB, 4 CMYK)
 * @param precision bits per sample (8 or 12)
 */
public record JpegHeader(int width, int height, int components, int precision) {
  public JpegHeader {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "JPEG frame size "
              + width
              + "x"
              + height
              + ": the SOF header must give a positive width and height (a height set by DNL is not"
              + " supported)");
    }
    if (components < 1 || components > 4) {
      throw new IllegalArgumentException(
          "JPEG with " + components + " components: only 1 to 4 are decodable");
    }
  }

  /** Whether {@code bytes} start like a JPEG (SOI then a marker). */
  public static boolean isJpeg(byte[] bytes) {
    return bytes != null
        && bytes.length >= 3
        && (bytes[0] & 255) == 0xFF
        && (bytes[1] & 255) == 0xD8
        && (bytes[2] & 255) == 0xFF;
  }

  /**
   * Walks the markers of {@code bytes}; a one-line {@link IllegalArgumentException} when they are
   * not a whole JPEG or its frame is over {@code limit}.
   */
  public static JpegHeader read(byte[] bytes, PixelLimit limit) {
    if (!isJpeg(bytes)) {
      throw new IllegalArgumentException(
          "image bytes are not a JPEG: they do not start with the SOI marker FF D8 FF");
    }
    int n = bytes.length;
    JpegHeader header = null;
    boolean scanned = false;
    int pos = 2;
    while (true) {
      if (pos >= n) {
        throw truncated(n, "before its EOI marker");
      }
      if ((bytes[pos] & 255) != 0xFF) {
        throw new IllegalArgumentException(
            "JPEG of "
                + n
                + " bytes is corrupt: no marker at offset "
                + pos
                + " where one must be");
      }
      while (pos < n && (bytes[pos] & 255) == 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= n) {
        throw truncated(n, "inside a marker");
      }
      int marker = bytes[pos++] & 255;
      if (marker == 0xD9) {
        if (header == null || !scanned) {
          throw new IllegalArgumentException(
              "JPEG of "
                  + n
                  + " bytes is corrupt: it ends (EOI) before "
                  + (header == null ? "any frame header (SOF)" : "any scan (SOS)"));
        }
        return header;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone markers carry no length
      }
      if (marker == 0xD8 || marker == 0x00) {
        throw new IllegalArgumentException(
            "JPEG of "
                + n
                + " bytes is corrupt: unexpected marker "
                + String.format("FF %02X", marker)
                + " at offset "
                + (pos - 2));
      }
      if (pos + 2 > n) {
        throw truncated(n, "inside a segment length");
      }
      int length = ((bytes[pos] & 255) << 8) | (bytes[pos + 1] & 255);
      if (length < 2) {
        throw new IllegalArgumentException(
            "JPEG of "
                + n
                + " bytes is corrupt: segment "
                + String.format("FF %02X", marker)
                + " has length "
                + length);
      }
      if (pos + length > n) {
        throw truncated(n, "inside segment " + String.format("FF %02X", marker));
      }
      if (isStartOfFrame(marker)) {
        if (length < 8) {
          throw new IllegalArgumentException(
              "JPEG of "
                  + n
                  + " bytes is corrupt: its SOF segment is "
                  + length
                  + " bytes, under the 8 a frame header needs");
        }
        int precision = bytes[pos + 2] & 255;
        int height = ((bytes[pos + 3] & 255) << 8) | (bytes[pos + 4] & 255);
        int width = ((bytes[pos + 5] & 255) << 8) | (bytes[pos + 6] & 255);
        int components = bytes[pos + 7] & 255;
        limit.check("JPEG frame", width, height);
        JpegHeader h = new JpegHeader(width, height, components, precision);
        if (header != null && !header.equals(h)) {
          throw new IllegalArgumentException(
              "JPEG of "
                  + n
                  + " bytes is corrupt: two frame headers ("
                  + header.width
                  + "x"
                  + header.height
                  + " and "
                  + width
                  + "x"
                  + height
                  + ")");
        }
        header = h;
      }
      pos += length;
      if (marker == 0xDA) {
        if (header == null) {
          throw new IllegalArgumentException(
              "JPEG of "
                  + n
                  + " bytes is corrupt: a scan (SOS) before the frame "
                  + "header (SOF)");
        }
        scanned = true;
        pos = endOfEntropyCodedData(bytes, pos);
      }
    }
  }

  /** SOF0..SOF15 less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * The offset of the first marker after a scan's data (stuffed FF 00 and restart markers belong to
   * the data).
   */
  private static int endOfEntropyCodedData(byte[] bytes, int pos) {
    int n = bytes.length;
    while ((pos = nextFf(bytes, pos)) < n) {
      if (pos + 1 >= n) {
        break;
      }
      int next = bytes[pos + 1] & 255;
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        pos += 2;
      } else if (next == 0xFF) {
        pos++;
      } else {
        return pos;
      }
    }
    throw truncated(n, "inside its scan data");
  }

  /** Bytes read as one little-endian long: the lowest byte is the first. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The offset of the first FF byte from {@code pos}, or the length when there is none. A frame is
   * mostly scan data, read here on every frame by the processor and the sink, so eight bytes are
   * tested at a time: inverted, an FF byte is a zero byte, and {@code (x - ONES) & ~x & HIGHS} sets
   * the high bit of the first zero byte (bytes after it may be set too, by the borrow; not before).
   */
  private static int nextFf(byte[] bytes, int pos) {
    int n = bytes.length;
    for (; pos <= n - Long.BYTES; pos += Long.BYTES) {
      long x = ~(long) LONGS.get(bytes, pos);
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return pos + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (pos < n && bytes[pos] != (byte) 0xFF) {
      pos++;
    }
    return pos;
  }

  private static IllegalArgumentException truncated(int n, String where) {
    return new IllegalArgumentException(
        "JPEG of " + n + " bytes is truncated " + where + ": the sender must send whole frames");
  }
}
