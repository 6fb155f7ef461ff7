package dev.decomcam.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class, in Avro's single-object encoding: a 2-byte marker, the
 * writer schema's 64-bit fingerprint, then the binary record. No schema registry is needed: the
 * reader knows the current schema and every older version kept under {@code avro/history/} on the
 * class path, so records written before a field was added still decode (schema resolution fills the
 * new field's default).
 *
 * <p>An unknown fingerprint or a corrupt payload raises {@link SerializationException} with a
 * one-line message naming the record type; callers route such records to the dead-letter topic.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final SchemaStore.Cache store = new SchemaStore.Cache();

  public AvroSerde(Class<T> type) {
    this(type, List.of());
  }

  /** A serde that also reads records written with the given older schemas. */
  public AvroSerde(Class<T> type, List<Schema> olderSchemas) {
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    SpecificData model = SpecificData.getForClass(type);
    List<Schema> history = new ArrayList<>(historyOf(schema));
    history.addAll(olderSchemas);
    history.forEach(store::addSchema);
    store.addSchema(schema); // for the bounds check of current records; the decoder knows it too
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** Older versions of a schema shipped as {@code avro/history/<Name>.v<N>.avsc}. */
  static List<Schema> historyOf(Schema current) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; v < 100; v++) {
      String path = "avro/history/" + current.getName() + ".v" + v + ".avsc";
      try (InputStream in = AvroSerde.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          break;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read bundled schema " + path, e);
      }
    }
    return out;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buf = encoder.encode(record);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a record; a one-line {@link SerializationException} when it is not a record of this
   * type. Lengths and counts are checked against the record's size before Avro allocates anything
   * ({@link AvroBounds}), so a hostile length prefix costs no memory.
   */
  public T decode(byte[] bytes) {
    Schema writer = writerSchema(bytes);
    if (writer != null) {
      try {
        AvroBounds.check(writer, bytes, HEADER_BYTES);
      } catch (IllegalArgumentException e) {
        throw new SerializationException(
            "corrupt "
                + type.getSimpleName()
                + " record ("
                + bytes.length
                + " bytes): "
                + e.getMessage()
                + ": the producer must write whole records of this type");
      }
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "unknown "
              + type.getSimpleName()
              + " schema (fingerprint not known to this reader): upgrade the reader or add the"
              + " writer's schema to avro/history",
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "corrupt "
              + type.getSimpleName()
              + " record ("
              + bytes.length
              + " bytes): not Avro single-object encoding of this type: "
              + e.getMessage(),
          e);
    }
  }

  /** Single-object encoding: C3 01, then the writer schema's fingerprint, little-endian. */
  private static final int HEADER_BYTES = 10;

  /**
   * The writer schema named by a record's header, or null when the header is not single-object
   * encoding or names an unknown schema (the decoder then says which).
   */
  private Schema writerSchema(byte[] bytes) {
    if (bytes == null
        || bytes.length < HEADER_BYTES
        || (bytes[0] & 0xFF) != 0xC3
        || (bytes[1] & 0xFF) != 0x01) {
      return null;
    }
    long fingerprint =
        ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return store.findByFingerprint(fingerprint);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> data == null ? null : encode(data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> data == null ? null : decode(data);
  }
}
