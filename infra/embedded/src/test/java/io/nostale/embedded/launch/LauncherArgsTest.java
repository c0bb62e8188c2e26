package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LauncherArgsTest {

    private final Path cwd = Path.of("/work/checkout");

    @Test
    void defaultsToADotNostaleDirectoryInTheCurrentProject() {
        LauncherArgs args = LauncherArgs.parse(new String[0], cwd);
        assertThat(args.dir()).isEqualTo(Path.of("/work/checkout/.nostale"));
        assertThat(args.project()).isEqualTo(cwd);
        assertThat(args.help()).isFalse();
    }

    @Test
    void resolvesGivenPathsAgainstTheCurrentDirectory() {
        LauncherArgs args = LauncherArgs.parse(new String[] {"--dir", "run/data", "--project", "/elsewhere"}, cwd);
        assertThat(args.dir()).isEqualTo(Path.of("/work/checkout/run/data"));
        assertThat(args.project()).isEqualTo(Path.of("/elsewhere"));
    }

    @Test
    void rejectsUnknownArgumentsAndMissingValuesWithTheUsage() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--port", "1"}, cwd))
                .hasMessageContaining("unknown argument '--port'").hasMessageContaining("usage:");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--dir"}, cwd))
                .hasMessageContaining("--dir needs a path");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--dir", "--project", "x"}, cwd))
                .hasMessageContaining("--dir needs a path");
    }

    @Test
    void asksForHelp() {
        assertThat(LauncherArgs.parse(new String[] {"--help"}, cwd).help()).isTrue();
    }
}
