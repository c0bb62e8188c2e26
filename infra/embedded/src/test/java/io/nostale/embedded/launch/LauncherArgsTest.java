package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.embedded.demo.Pace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherArgsTest {

    private final Path cwd = Path.of("/work/checkout");

    @Test
    void defaultsToADotNostaleDirectoryInTheCurrentProject() {
        LauncherArgs args = LauncherArgs.parse(new String[0], cwd);
        assertThat(args.dir()).isEqualTo(Path.of("/work/checkout/.nostale"));
        assertThat(args.project()).isEqualTo(cwd);
        assertThat(args.help()).isFalse();
        assertThat(args.demoVisitors()).isFalse();
        assertThat(args.demoVisitorsPace()).isEqualTo(Pace.DEFAULT);
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

    @Test
    void turnsTheDemoVisitorsOnByFlagOrEnvironment() {
        assertThat(LauncherArgs.parse(new String[] {"--demo-visitors"}, cwd, Map.of()).demoVisitors()).isTrue();
        assertThat(LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS", "true")).demoVisitors())
                .isTrue();
        assertThat(LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS", "TRUE")).demoVisitors())
                .isTrue();
        assertThat(LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS", "false")).demoVisitors())
                .isFalse();
        // the flag wins over the environment
        assertThat(LauncherArgs.parse(new String[] {"--demo-visitors"}, cwd, Map.of("NOSTALE_DEMO_VISITORS", "false"))
                .demoVisitors()).isTrue();
    }

    @Test
    void takesThePaceOfTheVisitorsFromFlagOrEnvironment() {
        Pace fast = new Pace(Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(LauncherArgs.parse(new String[] {"--demo-visitors", "--demo-visitors-pace", "200ms-1s"}, cwd,
                Map.of()).demoVisitorsPace()).isEqualTo(fast);
        assertThat(LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS_PACE", "200ms-1s"))
                .demoVisitorsPace()).isEqualTo(fast);
        assertThat(LauncherArgs.parse(new String[] {"--demo-visitors-pace", "2s-5s"}, cwd,
                Map.of("NOSTALE_DEMO_VISITORS_PACE", "200ms-1s")).demoVisitorsPace())
                .isEqualTo(Pace.parse("2s-5s"));
    }

    @Test
    void rejectsABadVisitorsSettingNamingWhereItCameFrom() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS", "yes")))
                .hasMessageContaining("NOSTALE_DEMO_VISITORS must be true or false, got 'yes'");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_DEMO_VISITORS_PACE", "fast")))
                .hasMessageStartingWith("NOSTALE_DEMO_VISITORS_PACE: ").hasMessageContaining("1s-3s");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--demo-visitors-pace", "3s-1s"}, cwd, Map.of()))
                .hasMessageStartingWith("--demo-visitors-pace: ").hasMessageContaining("below its minimum");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--demo-visitors-pace"}, cwd, Map.of()))
                .hasMessageContaining("--demo-visitors-pace needs a pace");
    }
}
