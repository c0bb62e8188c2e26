package io.nostale.relay.it;

import static org.awaitility.Awaitility.await;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.relay.RelayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real stack for the relay's integration tests: the shared embedded PostgreSQL and Kafka (one per test JVM),
 * the chat schema applied from the renderer's migration, and the relay started as a real Spring application.
 */
final class RelayHarness {

    static final String TOPIC = "nostale.changes";
    static final String SLOT = "nostale";
    private static final Path SCHEMA = Path.of("../renderer/src/main/resources/db/migration/V1__chat_schema.sql");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static boolean schemaApplied;

    private RelayHarness() {
    }

    static synchronized EmbeddedStack stack() {
        EmbeddedStack stack = EmbeddedStack.shared();
        if (!schemaApplied) {
            applySchema(stack);
            schemaApplied = true;
        }
        return stack;
    }

    private static void applySchema(EmbeddedStack stack) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
             Statement statement = connection.createStatement()) {
            try (ResultSet absent = statement.executeQuery("SELECT to_regclass('public.chat_room') IS NULL")) {
                absent.next();
                if (!absent.getBoolean(1)) {
                    return;
                }
            }
            statement.execute(Files.readString(SCHEMA));
        }
        catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot apply " + SCHEMA.toAbsolutePath(), e);
        }
    }

    static Connection connect() throws SQLException {
        EmbeddedStack stack = stack();
        return DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
    }

    /** The relay's configuration pointing at the stack, as command-line arguments (they beat application.yml). */
    static List<String> relayArguments(int port, String... extra) {
        return relayArgumentsFor(port, TOPIC, SLOT, extra);
    }

    /** The same for another change topic and slot, for tests that must not disturb the shared stream. */
    static List<String> relayArgumentsFor(int port, String topic, String slot, String... extra) {
        EmbeddedStack stack = stack();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--nostale.relay.database.host=" + stack.postgresHost(),
                "--nostale.relay.database.port=" + stack.postgresPort(),
                "--nostale.relay.database.name=" + stack.database(),
                "--nostale.relay.database.user=" + stack.username(),
                "--nostale.relay.database.password=" + stack.password(),
                "--nostale.relay.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--nostale.relay.topic=" + topic,
                "--nostale.relay.slot=" + slot));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the relay in this JVM and waits until its readiness probe says it streams. */
    static ConfigurableApplicationContext startRelay(String... extra) {
        return startRelay(relayArguments(0, extra));
    }

    /** Starts the relay in this JVM with these arguments (see {@link #relayArguments}) and waits until it streams. */
    static ConfigurableApplicationContext startRelay(List<String> arguments) {
        ConfigurableApplicationContext relay = new SpringApplicationBuilder(RelayApplication.class)
                .run(arguments.toArray(String[]::new));
        awaitReady(port(relay));
        return relay;
    }

    static int port(ConfigurableApplicationContext relay) {
        return Integer.parseInt(Objects.requireNonNull(relay.getEnvironment().getProperty("local.server.port")));
    }

    static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static TopicTail tail() {
        return tail(TOPIC);
    }

    static TopicTail tail(String topic) {
        return new TopicTail(stack().kafkaBootstrapServers(), topic);
    }

    /** PostgreSQL's system identifier, part of the relay's engine name. */
    static String systemId() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            row.next();
            return row.getString(1);
        }
    }

    /** The name that namespaces the relay's stored offsets for a slot (see SlotStart#engineName). */
    static String engineName(String slot) throws SQLException {
        return "nostale-relay." + systemId() + "." + slot;
    }

    /** An app_user row for foreign keys; created on first use. */
    static long user(String username) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO app_user (username, display_name, password_hash) VALUES (?, ?, 'x')
                     ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name
                     RETURNING id""")) {
            upsert.setString(1, username);
            upsert.setString(2, username);
            try (ResultSet row = upsert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Inserts a room in its own transaction and returns its id. */
    static long insertRoom(Connection connection, String title, long ownerId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id")) {
            insert.setString(1, title);
            insert.setLong(2, ownerId);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The 32-bit xid of the connection's current transaction, as logical decoding reports it. */
    static long currentXid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_xact_id()::xid::text::bigint")) {
            row.next();
            return row.getLong(1);
        }
    }
}
