package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ingest.IngestException;
import dev.decomcam.processor.engine.ModelLoadException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./decomcam}: {@code ./decomcam <subcommand> [flags]}, {@code --help} on
 * each ({@code --help=markdown}: its settings as a markdown table). Errors the user can fix (bad
 * flags, missing files, wrong config, unreadable model) print one line naming the problem and the
 * fix, and exit with status 2.
 */
public final class Decomcam {
  private Decomcam() {}

  static Map<String, Command> commands() {
    Map<String, Command> m = new LinkedHashMap<>();
    for (Command c :
        List.of(
            new DemoCommand(),
            new BrokerCommand(),
            new IngestCommand(),
            new ProcessCommand(),
            new SinkCommand(),
            new ExplainCommand(),
            new ReplayCommand(),
            new TrainDemoModelCommand(),
            new DemoVideoCommand(),
            new BenchCommand(),
            new EvaluateCommand(),
            new ChaosCommand())) {
      m.put(c.name(), c);
    }
    return m;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Map<String, Command> commands = commands();
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      System.out.println(overview(commands));
      return args.length == 0 ? 2 : 0;
    }
    Command c = commands.get(args[0]);
    if (c == null) {
      System.err.println(
          "decomcam: unknown subcommand '" + args[0] + "': run ./decomcam --help for the list");
      return 2;
    }
    Flags flags = Flags.parse(Arrays.copyOfRange(args, 1, args.length));
    if (flags.options().containsKey("help") || flags.positional().contains("-h")) {
      // --help=markdown: the settings table as the README holds it
      System.out.println(
          "markdown".equals(flags.options().get("help")) ? c.settings().toMarkdown() : c.help());
      return 0;
    }
    try {
      // every command, before it does anything: a mistyped flag is never silently ignored
      c.settings().rejectUnknownFlags(flags.options().keySet(), c.extraFlags());
      return c.run(flags);
    } catch (UserError | ConfigError | ModelLoadException | IngestException e) {
      // problems the user can fix: one line, no stack trace
      System.err.println("decomcam " + c.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      System.err.println("decomcam " + c.name() + ": " + msg.lines().findFirst().orElse(msg));
      if (Boolean.getBoolean("decomcam.debug")) {
        e.printStackTrace();
      }
      return 1;
    }
  }

  static String overview(Map<String, Command> commands) {
    StringBuilder sb =
        new StringBuilder(
            "DecomCAM Live: live Decom-CAM explanations of a CNN on video, on Kafka.\n\n"
                + "usage: ./decomcam <subcommand> [--flag=value ...]   (./decomcam <subcommand>"
                + " --help for its flags)\n\n");
    commands.values().forEach(c -> sb.append(String.format("  %-18s %s%n", c.name(), c.summary())));
    sb.append(
        "\n"
            + "Every service flag can also come from a properties file (--config=FILE) or an"
            + " environment\n"
            + "variable DECOMCAM_<SERVICE>_<KEY> (SERVICE: PROCESSOR, INGEST, SINK; dots as"
            + " underscores);\n"
            + "an unknown key stops the command with the nearest known one.");
    return sb.toString();
  }
}
