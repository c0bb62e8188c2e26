package io.nostale.systemtest.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;

/** One service's log file as the launcher writes it (a line per line of output, flushed, appended across runs). */
final class ServiceLog {

    private final String service;
    private final Path file;

    ServiceLog(String service, Path file) {
        this.service = service;
        this.file = file;
    }

    /** How long the log is now; {@link #awaitLineSince} looks only at what comes after. */
    long mark() {
        return bytes().length;
    }

    /** Waits until a line matching {@code line} has been logged after {@code mark}. */
    void awaitLineSince(long mark, Pattern line) {
        await("the " + service + " logs a line matching " + line).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> line.matcher(textSince(mark)).find());
    }

    /** None of the secrets (tokens, key material, passwords) appears anywhere in the log. */
    void assertHoldsNoneOf(Collection<String> secrets) {
        String text = textSince(0);
        for (String secret : secrets) {
            assertThat(text.contains(secret)).as("the %s log holds a secret (%d chars, starting %s…)", service,
                    secret.length(), secret.substring(0, Math.min(6, secret.length()))).isFalse();
        }
    }

    private String textSince(long mark) {
        byte[] bytes = bytes();
        // decoded leniently: a mark may split a multi-byte character
        return new String(Arrays.copyOfRange(bytes, (int) Math.min(mark, bytes.length), bytes.length), StandardCharsets.UTF_8);
    }

    private byte[] bytes() {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
