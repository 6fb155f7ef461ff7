package dev.decomcam.processor.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal NumPy .npy reader for reference files (little-endian f4/f8, C order) as floats. */
final class TestNpy {

  private TestNpy() {}

  static float[] read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.get(0) != (byte) 0x93 || b.get(1) != 'N') {
      throw new IOException(file + " is not a .npy file");
    }
    int major = b.get(6);
    int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(b.array(), start, headerLen, StandardCharsets.US_ASCII);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(file + " is Fortran-ordered");
    }
    b.position(start + headerLen);
    if (header.contains("'<f4'")) {
      float[] v = new float[b.remaining() / 4];
      b.asFloatBuffer().get(v);
      return v;
    }
    if (header.contains("'<f8'")) {
      double[] d = new double[b.remaining() / 8];
      b.asDoubleBuffer().get(d);
      float[] v = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        v[i] = (float) d[i];
      }
      return v;
    }
    throw new IOException(file + ": unsupported dtype in header " + header);
  }
}
