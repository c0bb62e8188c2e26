package io.nostale.load;

import java.io.PrintStream;
import java.util.List;

/**
 * Keeps the services' output (which the product's launcher copies to our stdout, one prefixed line at a time) out of
 * the driver's stdout: a gateway refusing thousands of sockets logs a line for each. It is all in the services' log
 * files anyway.
 */
final class ServiceOutputFilter extends PrintStream {

    private static final List<String> PREFIXES = List.of("[renderer] ", "[cdc-relay] ", "[gateway] ");

    ServiceOutputFilter(PrintStream out) {
        super(out, true);
    }

    @Override
    public void println(String line) {
        if (line != null && PREFIXES.stream().anyMatch(line::startsWith)) {
            return;
        }
        super.println(line);
    }
}
