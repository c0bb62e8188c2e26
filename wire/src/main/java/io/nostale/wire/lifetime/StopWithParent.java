package io.nostale.wire.lifetime;

import java.util.Locale;
import java.util.Map;

/**
 * Whether a service stops when the process that started it ends: {@code NOSTALE_STOP_WITH_PARENT}. Off unless set:
 * a service run by systemd or Kubernetes has {@code /dev/null} or a closed standard input, and must not take that for
 * its parent's death. The launcher sets {@code stdin} and hands each service a pipe it never writes to.
 */
public enum StopWithParent {

    /** Runs until told to stop (SIGTERM), whatever its standard input does. */
    OFF,
    /** Stops gracefully when its standard input ends: the parent holding the pipe's other end has died. */
    STDIN;

    public static final String VARIABLE = "NOSTALE_STOP_WITH_PARENT";

    public static StopWithParent fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "off" -> OFF;
            case "stdin" -> STDIN;
            default -> throw new IllegalArgumentException(VARIABLE + " must be stdin or off, got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        };
    }

    /** The value that turns it on, for the parent's side. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
