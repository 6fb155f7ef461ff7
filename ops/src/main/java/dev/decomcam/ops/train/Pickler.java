package dev.decomcam.ops.train;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of Python's pickle protocol 2 to write a TorchScript module's {@code data.pkl}: the
 * opcodes libtorch's unpickler reads for modules, tensors and their persistent storage ids. See
 * CPython's {@code Lib/pickletools.py} for the opcode table.
 */
final class Pickler {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Pickler proto() {
    out.write(0x80);
    out.write(2);
    return this;
  }

  /** GLOBAL: pushes {@code module.name}. */
  Pickler global(String module, String name) {
    out.write('c');
    out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  Pickler mark() {
    return op('(');
  }

  Pickler tuple() {
    return op('t');
  }

  Pickler emptyTuple() {
    return op(')');
  }

  Pickler emptyDict() {
    return op('}');
  }

  Pickler newObj() {
    return op(0x81);
  }

  Pickler reduce() {
    return op('R');
  }

  Pickler build() {
    return op('b');
  }

  Pickler setItems() {
    return op('u');
  }

  Pickler persistentId() {
    return op('Q');
  }

  Pickler none() {
    return op('N');
  }

  Pickler bool(boolean v) {
    return op(v ? 0x88 : 0x89);
  }

  Pickler stop() {
    return op('.');
  }

  Pickler string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    le32(b.length);
    out.writeBytes(b);
    return this;
  }

  Pickler integer(long v) {
    if (v >= 0 && v < 256) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 65536) {
      out.write('M');
      out.write((int) (v & 255));
      out.write((int) (v >> 8));
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      le32((int) v);
    } else {
      throw new IllegalArgumentException(
          "pickle: integer " + v + " needs LONG1, which this writer does not need");
    }
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private Pickler op(int code) {
    out.write(code);
    return this;
  }

  private void le32(int v) {
    out.write(v & 255);
    out.write((v >> 8) & 255);
    out.write((v >> 16) & 255);
    out.write((v >> 24) & 255);
  }
}
