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

    @Test
    void runsOnTheUsualPortsUnlessToldOtherwise() {
        LaunchPorts ports = LauncherArgs.parse(new String[0], cwd, Map.of()).ports();
        assertThat(ports).isEqualTo(new LaunchPorts(54329, 19092, 19093, 8080, 8081, 9082));
        assertThat(ports.rendererManagement()).isEqualTo(9080);
        assertThat(ports.gatewayManagement()).isEqualTo(9081);
        assertThat(ports.stackSettings(Path.of("/data")).postgresPort()).isEqualTo(54329);
    }

    @Test
    void takesEachPortFromItsFlagOrItsVariableTheFlagWinning() {
        LaunchPorts ports = LauncherArgs.parse(new String[] {"--pg-port", "15432", "--kafka-port", "29092",
                "--kafka-controller-port", "29093", "--renderer-port", "18080", "--relay-port", "19982"}, cwd,
                Map.of("NOSTALE_PG_PORT", "25432", "NOSTALE_GATEWAY_PORT", "18081")).ports();
        assertThat(ports).isEqualTo(new LaunchPorts(15432, 29092, 29093, 18080, 18081, 19982));
        assertThat(ports.rendererManagement()).as("port + 1000, as the renderer defaults it").isEqualTo(19080);
        assertThat(ports.gatewayManagement()).isEqualTo(19081);
        LaunchPorts fromEnvironment = LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_PG_PORT", "25432",
                "NOSTALE_KAFKA_PORT", "29092", "NOSTALE_KAFKA_CONTROLLER_PORT", "29093", "NOSTALE_RENDERER_PORT",
                "18080", "NOSTALE_RELAY_PORT", "19982")).ports();
        assertThat(fromEnvironment).isEqualTo(new LaunchPorts(25432, 29092, 29093, 18080, 8081, 19982));
    }

    @Test
    void refusesPortsThatAreNoPortsNamingWhereTheyCameFrom() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--pg-port", "x"}, cwd, Map.of()))
                .hasMessage("--pg-port must be a port number, got 'x'");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--kafka-port", "70000"}, cwd, Map.of()))
                .hasMessage("--kafka-port must be 1..65535, got 70000");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[0], cwd, Map.of("NOSTALE_RELAY_PORT", "0")))
                .hasMessage("NOSTALE_RELAY_PORT must be 1..65535, got 0");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--gateway-port"}, cwd, Map.of()))
                .hasMessageContaining("--gateway-port needs a port number");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--renderer-port", "65000"}, cwd, Map.of()))
                .hasMessage("the renderer's management port (--renderer-port + 1000) must be 1..65535, got 66000");
    }

    @Test
    void refusesTwoServersOnOnePortIncludingTheManagementPorts() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--kafka-port", "54329"}, cwd, Map.of()))
                .hasMessage("Kafka (--kafka-port) and PostgreSQL (--pg-port) would both use port 54329; "
                        + "give one of them another");
        // the gateway's management port is 8081 + 1000
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--relay-port", "9081"}, cwd, Map.of()))
                .hasMessageContaining("the cdc-relay (--relay-port) and the gateway's management port "
                        + "(--gateway-port + 1000) would both use port 9081");
    }

    @Test
    void keepsItsOwnVariablesFromTheServices() {
        assertThat(LauncherArgs.OWN_VARIABLES).contains("NOSTALE_PG_PORT", "NOSTALE_KAFKA_PORT",
                "NOSTALE_KAFKA_CONTROLLER_PORT", "NOSTALE_RENDERER_PORT", "NOSTALE_GATEWAY_PORT", "NOSTALE_RELAY_PORT",
                "NOSTALE_DEMO_VISITORS", "NOSTALE_DEMO_VISITORS_PACE");
        assertThat(LauncherArgs.USAGE).contains("--pg-port", "--kafka-port", "--kafka-controller-port",
                "--renderer-port", "--gateway-port", "--relay-port");
    }
}
