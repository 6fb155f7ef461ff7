package dev.decomcam.ops.train;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript module archive that libtorch's {@code torch::jit::load} reads, without
 * Python: a zip of {@code version} (file format 3), {@code data.pkl} (the module object, its float
 * tensors referring to storages by persistent id), {@code constants.pkl}, {@code code/__torch__.py}
 * (the class with its attribute types and TorchScript forward source, compiled by libtorch on load)
 * and {@code data/<i>} (raw little-endian storages, 64-byte aligned as PyTorch's own writer aligns
 * them). Entries are stored uncompressed with a fixed time stamp, so equal weights give
 * byte-identical files.
 */
final class TorchScriptWriter {

  /** A named float tensor, row-major. */
  record Tensor(String name, long[] shape, float[] data) {}

  private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  private TorchScriptWriter() {}

  /**
   * Writes one module.
   *
   * @param className class name inside {@code __torch__}, e.g. {@code Backbone}
   * @param params the module's tensors, each a parameter attribute
   * @param forward the forward method's source, indented by 2 spaces, starting with {@code def}
   */
  static void write(Path file, String className, List<Tensor> params, String forward)
      throws IOException {
    String root = file.getFileName().toString().replaceFirst("\\.pt$", "");
    Pickler p =
        new Pickler()
            .proto()
            .global("__torch__", className)
            .emptyTuple()
            .newObj()
            .emptyDict()
            .mark();
    for (int i = 0; i < params.size(); i++) {
      Tensor t = params.get(i);
      p.string(t.name());
      p.global("torch._utils", "_rebuild_tensor_v2").mark();
      p.mark()
          .string("storage")
          .global("torch", "FloatStorage")
          .string(Integer.toString(i))
          .string("cpu")
          .integer(t.data().length)
          .tuple()
          .persistentId();
      p.integer(0);
      p.mark();
      for (long d : t.shape()) {
        p.integer(d);
      }
      p.tuple().mark();
      for (long s : strides(t.shape())) {
        p.integer(s);
      }
      p.tuple()
          .bool(false)
          .global("collections", "OrderedDict")
          .emptyTuple()
          .reduce()
          .tuple()
          .reduce();
    }
    p.string("training")
        .bool(false)
        .string("_is_full_backward_hook")
        .none()
        .setItems()
        .build()
        .stop();

    StringBuilder code = new StringBuilder();
    code.append("class ").append(className).append("(Module):\n  __parameters__ = [");
    for (Tensor t : params) {
      code.append('"').append(t.name()).append("\", ");
    }
    code.append("]\n  __buffers__ = []\n");
    for (Tensor t : params) {
      code.append("  ").append(t.name()).append(" : Tensor\n");
    }
    code.append("  training : bool\n  _is_full_backward_hook : Optional[bool]\n").append(forward);

    try (CountingStream counter = new CountingStream(Files.newOutputStream(file));
        ZipOutputStream zip = new ZipOutputStream(counter)) {
      put(zip, counter, root + "/version", "3\n".getBytes(StandardCharsets.UTF_8), false);
      put(zip, counter, root + "/data.pkl", p.bytes(), false);
      put(
          zip,
          counter,
          root + "/code/__torch__.py",
          code.toString().getBytes(StandardCharsets.UTF_8),
          false);
      put(
          zip,
          counter,
          root + "/constants.pkl",
          new Pickler().proto().emptyTuple().stop().bytes(),
          false);
      for (int i = 0; i < params.size(); i++) {
        float[] d = params.get(i).data();
        ByteBuffer b = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(d);
        put(zip, counter, root + "/data/" + i, b.array(), true);
      }
    }
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  private static void put(
      ZipOutputStream zip, CountingStream counter, String name, byte[] data, boolean align)
      throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTimeLocal(EPOCH);
    if (align) {
      // local header = 30 bytes + name + extra; pad the extra field ("FB" id, as PyTorch does) so
      // the data starts on a 64-byte boundary
      int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
      long start = counter.count + 30 + nameLen + 4;
      int pad = (int) ((64 - start % 64) % 64);
      byte[] extra = new byte[4 + pad];
      extra[0] = 'F';
      extra[1] = 'B';
      extra[2] = (byte) pad;
      extra[3] = (byte) (pad >> 8);
      e.setExtra(extra);
    }
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Counts bytes written so data records can be aligned. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
