/** The {@code ./decomcam} command line: one class per subcommand. */
package dev.decomcam.ops.cli;
