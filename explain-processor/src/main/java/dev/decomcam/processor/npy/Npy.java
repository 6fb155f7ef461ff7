package dev.decomcam.processor.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (see numpy.lib.format). Writing always produces format
 * version 1.0 with a header padded so the data starts on a 64-byte boundary, which {@code
 * numpy.load} accepts; reading accepts versions 1.0 to 3.0, little-endian C-order data.
 *
 * <pre>{@code
 * NpyArray a = Npy.read(Path.of("extra/dog.activations.npy"));   // shape [1280, 7, 7]
 * float[] acts = a.floats();
 * Npy.write(Path.of("map.npy"), NpyArray.of(map, 224, 224));
 * }</pre>
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static NpyArray read(Path file) throws IOException {
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  public static void write(Path file, NpyArray array) throws IOException {
    Files.write(file, toBytes(array));
  }

  /** Parses a whole {@code .npy} file held in memory; {@code source} names it in errors. */
  public static NpyArray fromBytes(byte[] bytes, String source) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10) {
      throw new IllegalArgumentException(
          source + ": too short for a .npy file (" + bytes.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new IllegalArgumentException(
            source + ": not a .npy file (magic \\x93NUMPY missing): save it with numpy.save");
      }
    }
    int major = bytes[6];
    int headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(buf.getShort(8));
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLen = buf.getInt(8);
      headerStart = 12;
    } else {
      throw new IllegalArgumentException(
          source
              + ": .npy format version "
              + major
              + " not supported: save with numpy.save (version 1.0)");
    }
    if (headerStart + headerLen > bytes.length) {
      throw new IllegalArgumentException(
          source + ": header runs past end of file: the file is truncated");
    }
    String header =
        new String(
            bytes,
            headerStart,
            headerLen,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyArray.DType dtype = NpyArray.DType.ofDescr(field(DESCR, header, "descr", source), source);
    if ("True".equals(field(FORTRAN, header, "fortran_order", source))) {
      throw new IllegalArgumentException(
          source + ": Fortran-order arrays not supported: save np.ascontiguousarray(a)");
    }
    int[] shape = parseShape(field(SHAPE, header, "shape", source), source);
    long n = NpyArray.count(shape);
    int dataStart = headerStart + headerLen;
    long need = n * dtype.size();
    if (bytes.length - dataStart < need) {
      throw new IllegalArgumentException(
          source
              + ": data holds "
              + (bytes.length - dataStart)
              + " bytes, shape needs "
              + need
              + ": the file is truncated");
    }
    buf.position(dataStart);
    int count = (int) n;
    return switch (dtype) {
      case FLOAT32 -> {
        float[] d = new float[count];
        buf.asFloatBuffer().get(d);
        yield NpyArray.of(d, shape);
      }
      case FLOAT64 -> {
        double[] d = new double[count];
        buf.asDoubleBuffer().get(d);
        yield NpyArray.of(d, shape);
      }
      case INT32 -> {
        int[] d = new int[count];
        buf.asIntBuffer().get(d);
        yield NpyArray.of(d, shape);
      }
      case INT64 -> {
        long[] d = new long[count];
        buf.asLongBuffer().get(d);
        yield NpyArray.of(d, shape);
      }
    };
  }

  /** Serialises to a version 1.0 {@code .npy} byte image. */
  public static byte[] toBytes(NpyArray array) {
    byte[] header = header(array.dtype(), array.shape());
    int n = array.size();
    ByteBuffer buf =
        ByteBuffer.allocate(header.length + n * array.dtype().size())
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(header);
    switch (array.dtype()) {
      case FLOAT32 -> buf.asFloatBuffer().put((float[]) array.raw(), 0, n);
      case FLOAT64 -> buf.asDoubleBuffer().put((double[]) array.raw(), 0, n);
      case INT32 -> buf.asIntBuffer().put((int[]) array.raw(), 0, n);
      case INT64 -> buf.asLongBuffer().put((long[]) array.raw(), 0, n);
    }
    return buf.array();
  }

  /** Magic, version 1.0, length and the dict header padded with spaces to a 64-byte multiple. */
  static byte[] header(NpyArray.DType dtype, int[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(shape[i]);
      if (i < shape.length - 1 || shape.length == 1) {
        s.append(shape.length == 1 ? "," : ", ");
      }
    }
    s.append(')');
    String dict =
        "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + s + ", }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String text = dict + " ".repeat(total - unpadded) + "\n";
    byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer buf = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) body.length).put(body);
    return buf.array();
  }

  private static String field(Pattern p, String header, String name, String source) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(
          source + ": .npy header has no '" + name + "' field: the file is corrupt");
    }
    return m.group(1);
  }

  private static int[] parseShape(String tuple, String source) {
    List<Integer> dims = new ArrayList<>();
    for (String part : tuple.split(",")) {
      String t = part.trim();
      if (t.endsWith("L")) {
        t = t.substring(0, t.length() - 1);
      }
      if (!t.isEmpty()) {
        try {
          dims.add(Integer.parseInt(t));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              source + ": .npy shape (" + tuple + ") is not a tuple of ints");
        }
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }
}
