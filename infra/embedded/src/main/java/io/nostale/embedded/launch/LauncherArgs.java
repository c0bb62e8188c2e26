package io.nostale.embedded.launch;

import io.nostale.embedded.demo.Pace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's command line, {@code [--dir <path>] [--project <path>] [--demo-visitors] [--demo-visitors-pace
 * <min>-<max>] [--pg-port <port>] ...} (see {@link #USAGE}), and the environment variables that set the same without
 * a flag.
 */
record LauncherArgs(Path dir, Path project, boolean demoVisitors, Pace demoVisitorsPace, LaunchPorts ports,
                    boolean help) {

    static final String VISITORS_ENV = "NOSTALE_DEMO_VISITORS";
    static final String VISITORS_PACE_ENV = "NOSTALE_DEMO_VISITORS_PACE";
    /** The launcher's own variables: not passed on to the services, none of which reads them. */
    static final List<String> OWN_VARIABLES = ownVariables();

    static final String USAGE = """
            usage: java -jar infra/embedded/target/nostale-embedded-0.1.0-SNAPSHOT-exec.jar [--dir <path>] [--project <path>]
                                                                                            [--demo-visitors] [--demo-visitors-pace <min>-<max>]
                                                                                            [--pg-port <port>] [--kafka-port <port>] ... (ports below)
              --dir <path>      where PostgreSQL, Kafka, token keys and logs are kept (default: ./.nostale)
              --project <path>  the nostale checkout holding the built services (default: .)
              --demo-visitors   other visitors (bob, carol, dave, erin, frank) keep making changes: join requests,
                                admits and denials, messages, now and then a leave or a rename; never as alice
                                (also NOSTALE_DEMO_VISITORS=true; default off)
              --demo-visitors-pace <min>-<max>
                                time between two of their changes, e.g. 1s-3s (the default) or 200ms-1s
                                (also NOSTALE_DEMO_VISITORS_PACE)
              --pg-port <port>               PostgreSQL (also NOSTALE_PG_PORT; default 54329)
              --kafka-port <port>            Kafka's client listener (also NOSTALE_KAFKA_PORT; default 19092)
              --kafka-controller-port <port> Kafka's KRaft controller (also NOSTALE_KAFKA_CONTROLLER_PORT; default 19093)
              --renderer-port <port>         the pages (also NOSTALE_RENDERER_PORT; default 8080); its health and
                                             metrics on this port + 1000
              --gateway-port <port>          the WebSocket gateway (also NOSTALE_GATEWAY_PORT; default 8081); its
                                             health and metrics on this port + 1000
              --relay-port <port>            the cdc-relay's health and metrics, its only port
                                             (also NOSTALE_RELAY_PORT; default 9082)""";

    static LauncherArgs parse(String[] args, Path cwd) {
        return parse(args, cwd, Map.of());
    }

    /** Flags win over the environment; {@code env} is {@link System#getenv()} in the launcher. */
    static LauncherArgs parse(String[] args, Path cwd, Map<String, String> env) {
        Path dir = null;
        Path project = null;
        boolean visitors = envSwitch(env);
        Optional<Pace> pace = Optional.ofNullable(env.get(VISITORS_PACE_ENV)).map(v -> pace(v, VISITORS_PACE_ENV));
        Map<LaunchPorts.Port, Integer> ports = portsFromEnvironment(env);
        for (int i = 0; i < args.length; i++) {
            Optional<LaunchPorts.Port> portFlag = portFlag(args[i]);
            if (portFlag.isPresent()) {
                String flag = args[i];
                ports.put(portFlag.get(), LaunchPorts.parse(value(args, ++i, flag, "a port number"), flag));
                continue;
            }
            switch (args[i]) {
                case "--help", "-h" -> {
                    return new LauncherArgs(cwd.resolve(".nostale"), cwd, false, Pace.DEFAULT, LaunchPorts.DEFAULTS,
                            true);
                }
                case "--dir" -> dir = cwd.resolve(value(args, ++i, "--dir", "a path"));
                case "--project" -> project = cwd.resolve(value(args, ++i, "--project", "a path"));
                case "--demo-visitors" -> visitors = true;
                case "--demo-visitors-pace" -> pace = Optional.of(
                        pace(value(args, ++i, "--demo-visitors-pace", "a pace such as 1s-3s"), "--demo-visitors-pace"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        return new LauncherArgs(
                Optional.ofNullable(dir).orElse(cwd.resolve(".nostale")).toAbsolutePath().normalize(),
                Optional.ofNullable(project).orElse(cwd).toAbsolutePath().normalize(),
                visitors,
                pace.orElse(Pace.DEFAULT),
                LaunchPorts.of(ports),
                false);
    }

    private static Map<LaunchPorts.Port, Integer> portsFromEnvironment(Map<String, String> env) {
        Map<LaunchPorts.Port, Integer> ports = new EnumMap<>(LaunchPorts.Port.class);
        for (LaunchPorts.Port port : LaunchPorts.Port.values()) {
            String value = env.getOrDefault(port.variable, "");
            if (!value.isBlank()) {
                ports.put(port, LaunchPorts.parse(value, port.variable));
            }
        }
        return ports;
    }

    private static Optional<LaunchPorts.Port> portFlag(String arg) {
        for (LaunchPorts.Port port : LaunchPorts.Port.values()) {
            if (port.flag.equals(arg)) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    private static List<String> ownVariables() {
        List<String> own = new ArrayList<>(List.of(VISITORS_ENV, VISITORS_PACE_ENV));
        for (LaunchPorts.Port port : LaunchPorts.Port.values()) {
            own.add(port.variable);
        }
        return List.copyOf(own);
    }

    private static boolean envSwitch(Map<String, String> env) {
        String value = env.getOrDefault(VISITORS_ENV, "").strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "", "false" -> {
                return false;
            }
            case "true" -> {
                return true;
            }
            default -> throw new IllegalArgumentException(
                    VISITORS_ENV + " must be true or false, got '" + env.get(VISITORS_ENV) + "'");
        }
    }

    private static Pace pace(String text, String source) {
        try {
            return Pace.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int i, String option, String what) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs " + what + "\n" + USAGE);
        }
        return args[i];
    }
}
