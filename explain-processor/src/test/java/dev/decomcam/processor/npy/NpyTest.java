package dev.decomcam.processor.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir Path dir;

  @Test
  void roundTripsEachDtypeAndShape() throws IOException {
    float[] f = {1.5f, -2f, Float.MIN_VALUE, 3e30f, 0f, 7f};
    double[] d = {Math.PI, -1e-300, 2};
    long[] l = {Long.MIN_VALUE, -1, 0, 42, Long.MAX_VALUE};
    int[] i = {Integer.MIN_VALUE, 5};
    Npy.write(dir.resolve("f.npy"), NpyArray.of(f, 2, 3));
    Npy.write(dir.resolve("d.npy"), NpyArray.of(d, 3));
    Npy.write(dir.resolve("l.npy"), NpyArray.of(l, 5, 1));
    Npy.write(dir.resolve("i.npy"), NpyArray.of(i, 1, 1, 2));
    NpyArray rf = Npy.read(dir.resolve("f.npy"));
    assertEquals(NpyArray.DType.FLOAT32, rf.dtype());
    assertArrayEquals(new int[] {2, 3}, rf.shape());
    assertArrayEquals(f, rf.floats());
    assertArrayEquals(d, Npy.read(dir.resolve("d.npy")).doubles());
    assertArrayEquals(new int[] {3}, Npy.read(dir.resolve("d.npy")).shape());
    assertArrayEquals(l, Npy.read(dir.resolve("l.npy")).longs());
    assertArrayEquals(new long[] {Integer.MIN_VALUE, 5}, Npy.read(dir.resolve("i.npy")).longs());
  }

  @Test
  void headerIsVersion1PaddedTo64WithNumpyDictSyntax() {
    byte[] bytes = Npy.toBytes(NpyArray.of(new float[3], 3));
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, bytes[6]);
    assertEquals(0, bytes[7]);
    int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
    assertTrue(header.endsWith("\n"));
    assertEquals(10 + headerLen + 12, bytes.length);
    // little-endian payload: 1.0f is 00 00 80 3f
    byte[] one = Npy.toBytes(NpyArray.of(new float[] {1f}, 1));
    assertEquals((byte) 0x3f, one[one.length - 1]);
    assertEquals((byte) 0x80, one[one.length - 2]);
  }

  @Test
  void scalarAndMultiDimShapesAreWrittenAsPythonTuples() {
    String scalar =
        new String(Npy.header(NpyArray.DType.FLOAT64, new int[0]), StandardCharsets.US_ASCII);
    assertTrue(scalar.contains("'shape': (), }"), scalar);
    String three =
        new String(
            Npy.header(NpyArray.DType.INT64, new int[] {10, 7, 7}), StandardCharsets.US_ASCII);
    assertTrue(three.contains("'descr': '<i8'") && three.contains("'shape': (10, 7, 7), }"), three);
  }

  @Test
  void rejectsBadFilesWithOneLineErrors() {
    IllegalArgumentException notNpy =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Npy.fromBytes(
                    "hello world, not numpy".getBytes(StandardCharsets.US_ASCII), "x.npy"));
    assertTrue(notNpy.getMessage().startsWith("x.npy: not a .npy file"));
    byte[] good = Npy.toBytes(NpyArray.of(new double[4], 4));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 8);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Npy.fromBytes(truncated, "t.npy"))
            .getMessage()
            .contains("truncated"));
    byte[] bigEndian = good.clone();
    String h = new String(bigEndian, StandardCharsets.ISO_8859_1).replace("'<f8'", "'>f8'");
    IllegalArgumentException be =
        assertThrows(
            IllegalArgumentException.class,
            () -> Npy.fromBytes(h.getBytes(StandardCharsets.ISO_8859_1), "b.npy"));
    assertTrue(be.getMessage().contains("'>f8' not supported"), be.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[5], 2, 3));
  }

  /** Cross-check with NumPy when python3 with numpy is on the PATH; skipped otherwise. */
  @Test
  void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
    Path ours = dir.resolve("ours.npy");
    Npy.write(ours, NpyArray.of(new float[] {0.5f, -1f, 2f, 4f, 8f, 16f}, 2, 3));
    Path theirs = dir.resolve("theirs.npy");
    String script =
        "import numpy as np, sys\n"
            + "a = np.load(sys.argv[1])\n"
            + "assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)\n"
            + "assert a[1, 2] == 16 and a[0, 1] == -1\n"
            + "np.save(sys.argv[2], np.arange(12, dtype=np.int64).reshape(3, 4) * 3)\n";
    Process p;
    try {
      p =
          new ProcessBuilder("python3", "-c", script, ours.toString(), theirs.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Assumptions.abort("python3 not available");
      return;
    }
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(done && !out.contains("No module named"), "numpy not available");
    assertEquals(0, p.exitValue(), out);
    NpyArray back = Npy.read(theirs);
    assertArrayEquals(new int[] {3, 4}, back.shape());
    assertEquals(33L, back.longs()[11]);
    assertTrue(Files.size(theirs) > 96);
  }
}
