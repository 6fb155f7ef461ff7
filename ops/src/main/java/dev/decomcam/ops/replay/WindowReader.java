package dev.decomcam.ops.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads one camera's records of a {@link ReplayWindow} from a topic keyed by camera id, in the
 * order they were written, one at a time ({@link #next()}), so a window of any length is replayed
 * in constant memory.
 *
 * <p>The camera's partition is the one its key maps to under the default partitioner (as producers
 * and Kafka Streams place it); the reader {@code assign}s that partition, seeks with {@code
 * offsetsForTimes} to the first record stamped at or after the window's start (record timestamps
 * are capture times: ingest stamps them, the processor and sink carry them on), and reads until a
 * record of the camera captured at or after the window's end, or the end of the partition as it was
 * at the start. It has no {@code group.id} and never commits, so no consumer group sees it. Records
 * of committed transactions only ({@code read_committed}). Records of other cameras sharing the
 * partition are passed over; records of the camera captured outside the window (an overlay stamped
 * later than its frame) are too.
 */
public final class WindowReader<V> implements AutoCloseable {
  /** How long reading may wait for the broker without progress before it gives up. */
  static final Duration STALL = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final ReplayWindow window;
  private final Deserializer<V> values;
  private final Function<V, String> cameraOf;
  private final ToLongFunction<V> captureOf;
  private final long start;
  private final long end;
  private final long estimate;
  private final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
  private long scanned;
  private boolean done;

  /**
   * @param cameraOf the camera id of a value
   * @param captureOf the capture time of a value, epoch ms
   */
  public WindowReader(
      Properties consumerProps,
      String topic,
      Serializer<String> keys,
      Deserializer<V> values,
      ReplayWindow window,
      Function<V, String> cameraOf,
      ToLongFunction<V> captureOf) {
    this.consumer =
        new KafkaConsumer<>(
            withoutGroup(consumerProps), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.values = values;
    this.window = window;
    this.cameraOf = cameraOf;
    this.captureOf = captureOf;
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "topic " + topic + " does not exist: check the topic name and bootstrap.servers");
      }
      this.partition = partitionOf(topic, keys.serialize(topic, window.camera()), infos.size());
      consumer.assign(List.of(partition));
      this.end = consumer.endOffsets(List.of(partition), STALL).get(partition);
      Map<TopicPartition, OffsetAndTimestamp> at =
          consumer.offsetsForTimes(Map.of(partition, window.fromMs()), STALL);
      OffsetAndTimestamp from = at.get(partition);
      this.start = from == null ? end : from.offset();
      OffsetAndTimestamp to =
          consumer.offsetsForTimes(Map.of(partition, window.toMs()), STALL).get(partition);
      this.estimate = Math.max(0, (to == null ? end : to.offset()) - start);
      consumer.seek(partition, start);
      done = start >= end;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** The partition of {@code key} among {@code partitions}, as the default partitioner picks it. */
  public static int partitionFor(byte[] key, int partitions) {
    return BuiltInPartitioner.partitionForKey(key, partitions);
  }

  private static TopicPartition partitionOf(String topic, byte[] key, int partitions) {
    return new TopicPartition(topic, partitionFor(key, partitions));
  }

  private static Properties withoutGroup(Properties props) {
    Properties p = new Properties();
    p.putAll(props);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    return p;
  }

  /**
   * The camera's next record in the window, or null at its end. Throws when the broker gives
   * nothing for {@link #STALL} while records are still due.
   */
  public V next() {
    while (!done) {
      if (buffered.isEmpty()) {
        fill();
        continue;
      }
      ConsumerRecord<byte[], byte[]> r = buffered.poll();
      scanned++;
      if (r.offset() >= end) {
        done = true;
        break;
      }
      V v = values.deserialize(r.topic(), r.value());
      if (!window.camera().equals(cameraOf.apply(v))) {
        continue;
      }
      long capture = captureOf.applyAsLong(v);
      if (capture >= window.toMs()) {
        done = true;
        break;
      }
      if (capture >= window.fromMs()) {
        return v;
      }
    }
    return null;
  }

  private void fill() {
    long deadline = System.nanoTime() + STALL.toNanos();
    while (buffered.isEmpty()) {
      if (consumer.position(partition) >= end) {
        done = true; // only transaction markers (or nothing) were left
        return;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        buffered.add(r);
      }
      if (buffered.isEmpty() && System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no records from "
                + partition
                + " for "
                + STALL.toSeconds()
                + " s at offset "
                + consumer.position(partition)
                + " of "
                + end
                + ": check the broker is up");
      }
    }
  }

  /** Records of the partition read so far, every camera's. */
  public long scanned() {
    return scanned;
  }

  /**
   * Records of the partition in the window's time range, every camera's: what {@link #scanned()}
   * will about reach (an estimate for a progress bar).
   */
  public long estimate() {
    return estimate;
  }

  public TopicPartition partition() {
    return partition;
  }

  /** The first offset read (the window's start found by time). */
  public long startOffset() {
    return start;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
