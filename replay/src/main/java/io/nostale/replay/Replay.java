package io.nostale.replay;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nostale-replay}: reads the retained change history and answers what an engineer asks when a page looked
 * wrong (docs/replay.md). Failures are one line on standard error and exit status 1; bad usage is status 2.
 */
@Command(name = "nostale-replay", mixinStandardHelpOptions = true, version = "nostale-replay 0.1.0",
        description = "Reads nostale's retained change history: what changed, and what the gateway sent a page and why.",
        subcommands = {ChangesCommand.class, ExplainCommand.class})
public final class Replay {

    /** A failure told in one line. */
    public static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the tool with these streams: what {@code main} does, and what tests call. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new Replay()).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    String message = e instanceof ReplayException || e instanceof IllegalArgumentException
                            ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                    command.getErr().println("nostale-replay: " + message);
                    return FAILED;
                });
        return line.execute(args);
    }
}
