package dev.decomcam.ops.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which processor process owns each frames partition, from the processors' consumer group as the
 * brokers describe it, and the hand-overs: a partition seen owned by one process and later by
 * another. Processes are told apart by their Kafka Streams {@code client.id}, which the chaos run
 * makes unique per process start.
 */
final class Ownership {
  private final Admin admin;
  private final String group;
  private final String topic;
  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  private final Map<Integer, String> owners = new HashMap<>();
  private int failures;

  Ownership(Admin admin, String group, String topic) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  /**
   * Reads the group once; returns the partitions whose owner changed since the last read (a
   * partition without an owner, as during a rebalance, keeps its last one). A broker that does not
   * answer in time gives no change.
   */
  List<Integer> poll() throws InterruptedException {
    ConsumerGroupDescription d;
    try {
      d = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
    } catch (ExecutionException | TimeoutException e) {
      if (failures++ % 10 == 0) {
        LOG.warn(
            "chaos: cannot describe group {} ({}); hand-overs go unseen meanwhile",
            group,
            e.toString());
      }
      return List.of();
    }
    List<Integer> moved = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      String process = process(m.clientId());
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        if (tp.topic().equals(topic)) {
          String before = owners.put(tp.partition(), process);
          if (before != null && !before.equals(process)) {
            LOG.info("chaos: {} moved from {} to {}", tp, before, process);
            moved.add(tp.partition());
          }
        }
      }
    }
    return moved;
  }

  /** The last owner seen of each frames partition, by process. */
  Map<Integer, String> owners() {
    return Map.copyOf(owners);
  }

  /**
   * The process part of a Streams consumer's client id ({@code <client.id>-StreamThread-N-...}).
   */
  static String process(String clientId) {
    int at = clientId.indexOf("-StreamThread-");
    return at < 0 ? clientId : clientId.substring(0, at);
  }
}
