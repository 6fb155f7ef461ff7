package dev.decomcam.ops.cli;

import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code ./decomcam broker}: a single-node KRaft broker on the loopback interface, with the topics. */
final class BrokerCommand implements Command {
  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String summary() {
    return "run a single-node KRaft Kafka broker on 127.0.0.1 with the product's topics";
  }

  @Override
  public String help() {
    return "usage: ./decomcam broker [--data.dir=DIR] [--partitions=N]\n\n"
        + "  --data.dir     broker data directory (default: a temporary one, deleted on exit)\n"
        + "  --partitions   partitions per topic (default 4); cameras spread over them by key\n\n"
        + "Prints the bootstrap address (loopback, random port) for the other subcommands'\n"
        + "--bootstrap.servers, and runs until Ctrl-C.";
  }

  @Override
  public int run(Flags flags) throws Exception {
    Settings s = ServiceRunner.settings("DECOMCAM_BROKER_", flags);
    String dataDir = s.string("data.dir", null);
    int partitions = s.intIn("partitions", 4, 1, 1024);
    s.rejectUnknown();
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir == null ? null : Path.of(dataDir), Map.of());
    kafka.createTopics(partitions, List.of(Topics.FRAMES.name(), Topics.EXPLANATIONS.name(),
        Topics.COMPONENT_EVENTS.name(), Topics.OVERLAYS.name(), Topics.DEAD_LETTER.name()));
    System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
