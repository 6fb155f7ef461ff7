package dev.decomcam.ops.chaos;

import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.schemas.serde.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of combined broker + controller nodes in KRaft mode, each node the Kafka server
 * ({@code kafka.Kafka}) in its own JVM, on loopback ports, with replication factor 3 and {@code
 * min.insync.replicas} 2 for every topic (internal ones included). A node can be killed (SIGKILL)
 * and restarted on the same ports and data.
 */
final class BrokerCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerCluster.class);

  static final int REPLICATION = 3;
  static final int MIN_INSYNC = 2;

  private final Path dir;
  private final String heap;
  private final int[] ports;
  private final int[] controllerPorts;
  private final JavaProcess[] nodes;

  private BrokerCluster(Path dir, String heap, int[] ports, int[] controllerPorts) {
    this.dir = dir;
    this.heap = heap;
    this.ports = ports;
    this.controllerPorts = controllerPorts;
    this.nodes = new JavaProcess[ports.length];
  }

  /**
   * Formats {@code count} nodes' storage under {@code dir}, starts them and waits until all serve.
   */
  static BrokerCluster start(Path dir, int count, String heap) throws Exception {
    int[] ports = new int[count];
    int[] controllerPorts = new int[count];
    for (int i = 0; i < count; i++) {
      ports[i] = freePort();
      controllerPorts[i] = freePort();
    }
    BrokerCluster cluster = new BrokerCluster(dir, heap, ports, controllerPorts);
    String clusterId = Uuid.randomUuid().toString();
    try {
      for (int i = 0; i < count; i++) {
        cluster.writeConfig(i);
        JavaProcess format =
            JavaProcess.start(
                "format-" + i,
                "256m",
                "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", cluster.config(i).toString()),
                cluster.log(i));
        int status = format.await(120);
        if (status != 0) {
          throw new IllegalStateException(
              "formatting broker " + nodeId(i) + " failed: see " + cluster.log(i));
        }
      }
      for (int i = 0; i < count; i++) {
        cluster.startNode(i);
      }
      cluster.awaitBrokers(count, Duration.ofMinutes(3));
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static int nodeId(int index) {
    return index + 1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Path config(int i) {
    return dir.resolve("broker-" + nodeId(i) + ".properties");
  }

  Path log(int i) {
    return dir.resolve("broker-" + nodeId(i) + ".log");
  }

  private void writeConfig(int i) throws IOException {
    StringJoiner voters = new StringJoiner(",");
    for (int j = 0; j < ports.length; j++) {
      voters.add(nodeId(j) + "@127.0.0.1:" + controllerPorts[j]);
    }
    String replication = Integer.toString(Math.min(REPLICATION, ports.length));
    String minInsync = Integer.toString(Math.min(MIN_INSYNC, ports.length));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId(i)));
    p.put("controller.quorum.voters", voters.toString());
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[i]);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("broker-" + nodeId(i) + "-data").toString());
    p.put("default.replication.factor", replication);
    p.put("min.insync.replicas", minInsync);
    p.put("offsets.topic.replication.factor", replication);
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", replication);
    p.put("transaction.state.log.min.isr", minInsync);
    p.put("transaction.state.log.num.partitions", "4");
    p.put("unclean.leader.election.enable", "false");
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("message.max.bytes", Integer.toString(2 * EmbeddedKafka.MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(2 * EmbeddedKafka.MAX_MESSAGE_BYTES));
    // a killed broker's replicas must drop out of the ISR quickly so that writes go on with two
    p.put("replica.lag.time.max.ms", "10000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "2");
    try (var out = Files.newBufferedWriter(config(i))) {
      p.store(out, "broker " + nodeId(i) + " of the crash test");
    }
  }

  private void startNode(int i) throws IOException {
    nodes[i] =
        JavaProcess.start(
            "broker-" + nodeId(i), heap, "kafka.Kafka", List.of(config(i).toString()), log(i));
  }

  String bootstrapServers() {
    StringJoiner s = new StringJoiner(",");
    for (int port : ports) {
      s.add("127.0.0.1:" + port);
    }
    return s.toString();
  }

  int size() {
    return ports.length;
  }

  /** SIGKILLs node {@code i} (0-based). */
  void kill(int i) throws InterruptedException {
    LOG.info("killing broker {} (SIGKILL)", nodeId(i));
    nodes[i].kill();
  }

  /** Starts node {@code i} again on its ports and data and waits until the cluster has it back. */
  void restart(int i) throws Exception {
    LOG.info("restarting broker {}", nodeId(i));
    startNode(i);
    awaitNode(i, Duration.ofMinutes(3));
  }

  /**
   * Waits until node {@code i} answers on its own listener and sees itself in the cluster (the
   * other nodes may still list a killed node as alive for a while, so they cannot tell).
   */
  private void awaitNode(int i, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> own =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + ports[i],
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            5_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000);
    try (Admin admin = Admin.create(own)) {
      while (true) {
        if (!nodes[i].isAlive()) {
          throw new IllegalStateException(
              "broker " + nodeId(i) + " exited while restarting: see " + log(i));
        }
        try {
          if (admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == nodeId(i))) {
            return;
          }
        } catch (ExecutionException e) {
          // not serving yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "broker " + nodeId(i) + " did not come back within " + timeout + ": see " + log(i));
        }
        Thread.sleep(500);
      }
    }
  }

  Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            60_000));
  }

  private void awaitBrokers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        for (int i = 0; i < nodes.length; i++) {
          if (nodes[i] != null && !nodes[i].isAlive()) {
            throw new IllegalStateException(
                "broker " + nodeId(i) + " exited while starting: see " + log(i));
          }
        }
        try {
          int up = admin.describeCluster().nodes().get().size();
          if (up >= count) {
            return;
          }
        } catch (ExecutionException e) {
          // not reachable yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the Kafka cluster did not have " + count + " brokers within " + timeout);
        }
        Thread.sleep(500);
      }
    }
  }

  /** Creates the product's topics: {@code partitions} each, replicated on every node. */
  void createTopics(int partitions, Collection<String> names) throws Exception {
    short replication = (short) Math.min(REPLICATION, ports.length);
    String minInsync = Integer.toString(Math.min(MIN_INSYNC, ports.length));
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      int maxBytes =
          name.equals(Topics.DEAD_LETTER.name())
              ? 2 * EmbeddedKafka.MAX_MESSAGE_BYTES
              : EmbeddedKafka.MAX_MESSAGE_BYTES;
      topics.add(
          new NewTopic(name, partitions, replication)
              .configs(
                  Map.of(
                      "max.message.bytes",
                      Integer.toString(maxBytes),
                      "min.insync.replicas",
                      minInsync)));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get();
    }
  }

  @Override
  public void close() {
    for (JavaProcess node : nodes) {
      if (node != null && node.isAlive()) {
        try {
          node.stop(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
