package dev.decomcam.schemas.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data along its writer schema without decoding it, and fails when a length or
 * item count claims more than the bytes left in the record. Avro's decoder allocates a string,
 * bytes or array of the size its length prefix claims before reading it: a record of a few dozen
 * bytes whose image claims 2 GB makes the reader allocate 2 GB (and a few at once exhaust the
 * heap). Checked first, no record costs more memory than a small multiple of its own size.
 */
final class AvroBounds {
  private final byte[] bytes;
  private int pos;

  private AvroBounds(byte[] bytes, int pos) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /**
   * Checks the datum of {@code schema} starting at {@code offset}; a one-line {@link
   * IllegalArgumentException} naming the field when a length or count is negative or longer than
   * the record, or the data ends early.
   */
  static void check(Schema schema, byte[] bytes, int offset) {
    new AvroBounds(bytes, offset).walk(schema, schema.getName());
  }

  private void walk(Schema s, String field) {
    switch (s.getType()) {
      case NULL -> {}
      case BOOLEAN -> skip(1, field);
      case INT, LONG, ENUM -> varint(field);
      case FLOAT -> skip(4, field);
      case DOUBLE -> skip(8, field);
      case FIXED -> skip(s.getFixedSize(), field);
      case STRING, BYTES -> skip(length(field), field);
      case RECORD -> {
        for (Schema.Field f : s.getFields()) {
          walk(f.schema(), f.name());
        }
      }
      case UNION -> {
        long branch = varint(field);
        List<Schema> types = s.getTypes();
        if (branch < 0 || branch >= types.size()) {
          throw new IllegalArgumentException(
              "field '" + field + "' names union branch " + branch + " of " + types.size());
        }
        walk(types.get((int) branch), field);
      }
      case ARRAY -> blocks(field, () -> walk(s.getElementType(), field));
      case MAP ->
          blocks(
              field,
              () -> {
                skip(length(field), field);
                walk(s.getValueType(), field);
              });
    }
  }

  /**
   * Array and map blocks: a count (negative: followed by the block's size), items, 0 at the end.
   */
  private void blocks(String field, Runnable item) {
    while (true) {
      long count = varint(field);
      if (count == 0) {
        return;
      }
      if (count < 0) {
        count = -count;
        length(field); // the block's byte size, checked but not needed
      }
      if (count > bytes.length - pos) {
        throw tooLong(field, count, "items");
      }
      for (long i = 0; i < count; i++) {
        item.run();
      }
    }
  }

  /** A length prefix, checked against the bytes left. */
  private int length(String field) {
    long n = varint(field);
    if (n < 0) {
      throw new IllegalArgumentException("field '" + field + "' has a negative length " + n);
    }
    if (n > bytes.length - pos) {
      throw tooLong(field, n, "bytes");
    }
    return (int) n;
  }

  private IllegalArgumentException tooLong(String field, long n, String what) {
    return new IllegalArgumentException(
        "field '"
            + field
            + "' claims "
            + n
            + " "
            + what
            + " where "
            + (bytes.length - pos)
            + " bytes are left in the record");
  }

  private void skip(int n, String field) {
    if (n > bytes.length - pos) {
      throw ended(field);
    }
    pos += n;
  }

  /** A zig-zag varint, as Avro writes int and long. */
  private long varint(String field) {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) {
        throw ended(field);
      }
      int b = bytes[pos++] & 0xFF;
      raw |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IllegalArgumentException("field '" + field + "' has a varint over 10 bytes");
  }

  private IllegalArgumentException ended(String field) {
    return new IllegalArgumentException("the record ends inside field '" + field + "'");
  }
}
