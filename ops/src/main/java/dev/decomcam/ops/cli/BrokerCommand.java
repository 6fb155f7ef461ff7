package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./decomcam broker}: a single-node KRaft broker on the loopback interface, with the topics.
 */
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
    return "usage: ./decomcam broker [--key=value ...]\n\n"
        + settings().toHelp()
        + "\nPrints the bootstrap address (loopback, random port) for the other subcommands'\n"
        + "--bootstrap.servers, and runs until Ctrl-C.";
  }

  @Override
  public ConfigDef settings() {
    return new ConfigDef("DECOMCAM_BROKER_")
        .define(
            Setting.text("data.dir", null, "broker data directory")
                .shownAs("a temporary one, deleted on exit"))
        .define(
            Setting.integer(
                "partitions", 4, 1, 1024, "partitions per topic; cameras spread over them by key"));
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = ServiceRunner.settings(settings(), flags);
    String dataDir = s.string("data.dir");
    int partitions = s.integer("partitions");
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir == null ? null : Path.of(dataDir), Map.of());
    kafka.createTopics(
        partitions,
        List.of(
            Topics.FRAMES.name(),
            Topics.EXPLANATIONS.name(),
            Topics.COMPONENT_EVENTS.name(),
            Topics.OVERLAYS.name(),
            Topics.DEAD_LETTER.name()));
    System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
