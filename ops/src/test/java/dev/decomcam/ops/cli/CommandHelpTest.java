package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Flags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  @Test
  void everyCommandRejectsAnUnknownFlagNamingTheNearestOne() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Decomcam.run(new String[] {"bench", "--framse=3"}));
      assertEquals(
          2,
          Decomcam.run(new String[] {"explain", "--model=m", "--input=i", "--out=o", "--topk2"}));
      assertEquals(2, Decomcam.run(new String[] {"explain", "--config=x.properties"}));
      for (Command c : Decomcam.commands().values()) {
        assertEquals(2, Decomcam.run(new String[] {c.name(), "--no-such-flag-at-all=1"}), c.name());
      }
    } finally {
      System.setErr(err);
    }
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("decomcam bench: unknown flag --framse: did you mean --frames?", lines.get(0));
    assertEquals("decomcam explain: unknown flag --topk2: did you mean --topk?", lines.get(1));
    assertEquals(
        "decomcam explain: unknown flag --config: see --help for the flags of this command",
        lines.get(2));
    assertEquals(3 + Decomcam.commands().size(), lines.size(), String.join("\n", lines));
  }
}
