package io.nostale.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser script's unit tests ({@code src/test/js/*.test.mjs}: the home, directory and room models, the
 * gateway connection with its in-place refresh, and the rule for refused pages with their memory of a reload) with
 * Node.js's built-in test runner, so they are part of every build.
 */
class HomeScriptTest {

    @Test
    void browserScriptUnitTestsPass() throws IOException, InterruptedException {
        Path tests = Path.of("src", "test", "js");
        assertThat(tests).isDirectory();
        Process node;
        try {
            node = new ProcessBuilder("node", "--experimental-detect-module", "--test", tests.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js (the `node` command) is needed to test the browser script", e);
        }
        boolean finished = node.waitFor(2, TimeUnit.MINUTES);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished").isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0");
        Files.writeString(Path.of("target", "node-test-report.tap"), output);
    }
}
