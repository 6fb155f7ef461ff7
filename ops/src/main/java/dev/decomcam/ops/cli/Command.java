package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import java.util.List;

/** One {@code ./decomcam} subcommand. */
interface Command {
  String name();

  /** One line for the overview. */
  String summary();

  /** Full help: usage line, flags with defaults (from {@link #settings()}), an example. */
  String help();

  /** The command's flags, each declared once; {@code --help=markdown} prints them as a table. */
  ConfigDef settings();

  /**
   * Flags the command reads besides its {@link #settings()}: {@code --config=FILE} for the commands
   * that layer settings through {@link ServiceRunner}. Any other flag stops the command at start.
   */
  default List<String> extraFlags() {
    return List.of("config");
  }

  /**
   * Runs the command; returns the process exit code. Errors for the user throw {@link UserError}.
   */
  int run(Flags flags) throws Exception;
}
