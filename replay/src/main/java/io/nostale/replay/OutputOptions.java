package io.nostale.replay;

import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Where a subcommand stops and how it prints: the options {@code changes} and {@code explain} share. */
final class OutputOptions {

    @Option(names = "--to", paramLabel = "POINT", description = "last point, inclusive (default: the newest)")
    String to;

    @Option(names = "--heartbeats", description = "show the relay's heartbeats too (every page hides them)")
    boolean heartbeats;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    /** The offset after the last record to read: {@code --to}, inclusive, or the end of the history. */
    long until(History history, Instant now) {
        return to == null ? history.end() : history.offsetOf(Point.parse(to, now)) + 1;
    }

    void print(PrintWriter out, Line line) {
        format.print(out, line);
    }
}
