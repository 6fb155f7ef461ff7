package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Flags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every command's help is generated from its settings: each flag with its default, nothing else to
 * drift.
 */
class CommandHelpTest {
  @Test
  void everyHelpListsEverySettingOfItsDefinition() {
    for (Command c : Decomcam.commands().values()) {
      String help = c.help();
      for (ConfigDef.Setting s : c.settings().settings()) {
        assertTrue(
            help.contains("--" + s.name() + " "),
            c.name() + " --help lacks --" + s.name() + ":\n" + help);
      }
      help.lines()
          .forEach(l -> assertTrue(l.length() <= 120, c.name() + " --help line too long: " + l));
    }
  }

  @Test
  void helpMarkdownPrintsTheTable() {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Decomcam.run(new String[] {"sink", "--help=markdown"}));
      assertEquals(0, Decomcam.run(new String[] {"process", "--help"}));
    } finally {
      System.setOut(out);
    }
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.startsWith(Decomcam.commands().get("sink").settings().toMarkdown()), printed);
    assertTrue(printed.contains("--batch.frames"), printed);
    System.out.println(printed);
  }

  @Test
  void commandFlagsAreValidatedAndUnknownOnesRejected() {
    ConfigError bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigError.class, () -> new BrokerCommand().run(Flags.parse("--partitions=0")));
    assertEquals(
        "config key 'partitions' = '0' is invalid: set an integer from 1 to 1024",
        bad.getMessage());
    ConfigError typo =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigError.class, () -> new DemoCommand().run(Flags.parse("--frame=10")));
    assertTrue(
        typo.getMessage().startsWith("unknown config key 'frame': did you mean 'frames'?"),
        typo.getMessage());
  }
}
