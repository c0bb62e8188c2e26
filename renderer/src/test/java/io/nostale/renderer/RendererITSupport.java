package io.nostale.renderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The renderer on a random port against the embedded PostgreSQL (database {@code renderer_it}). All ITs extending
 * this share one Spring context; each test makes its own users and rooms, so they never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RendererITSupport {

    public static final String TOKEN_KEYS =
            "it:" + Base64.getEncoder().encodeToString("renderer-it-secret-of-32-bytes!!".getBytes());
    public static final String PASSWORD = "s3cret";
    /** Where pages are told the gateway is; {@link FakeGateway} listens there in the browser tests. */
    public static final int GATEWAY_PORT = freePort();

    @LocalServerPort
    protected int port;
    /** Health and metrics: never on {@link #port}. */
    @LocalManagementPort
    protected int managementPort;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private PasswordEncoder passwords;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.url("renderer_it"));
        registry.add("spring.datasource.username", () -> TestDatabases.stack().username());
        registry.add("spring.datasource.password", () -> TestDatabases.stack().password());
        registry.add("nostale.renderer.token-keys", () -> TOKEN_KEYS);
        registry.add("nostale.renderer.gateway-url", () -> "ws://localhost:" + GATEWAY_PORT + "/live");
    }

    protected Browser browser() {
        return new Browser(port);
    }

    /** A fresh user (password {@link #PASSWORD}); the name gets a unique suffix. */
    protected User user(String name) {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        long id = jdbc.queryForObject(
                "INSERT INTO app_user (username, display_name, password_hash) VALUES (?, ?, ?) RETURNING id",
                Long.class, username, "Display " + name, passwords.encode(PASSWORD));
        return new User(id, username);
    }

    /** A room owned (and joined) by {@code owner}. */
    protected long room(String title, User owner) {
        long id = jdbc.queryForObject("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id",
                Long.class, title, owner.id());
        join(id, owner);
        return id;
    }

    protected void join(long roomId, User user) {
        jdbc.update("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)", roomId, user.id());
    }

    protected long request(long roomId, User user) {
        return jdbc.queryForObject(
                "INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?) RETURNING id",
                Long.class, roomId, user.id());
    }

    protected Browser signedIn(User user) {
        Browser browser = browser();
        if (!browser.login(user.username(), PASSWORD)) {
            throw new IllegalStateException("could not sign in " + user.username());
        }
        return browser;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record User(long id, String username) {
    }
}
