package io.nostale.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Profile {@code demo} seeds users alice, bob and carol (password {@code demo}) with rooms and requests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoDataIT {

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.url("renderer_demo_it"));
        registry.add("spring.datasource.username", () -> TestDatabases.stack().username());
        registry.add("spring.datasource.password", () -> TestDatabases.stack().password());
        registry.add("nostale.renderer.token-keys", () -> RendererITSupport.TOKEN_KEYS);
    }

    @Test
    void demoUsersSignInWithPasswordDemo() {
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(new Browser(port).login(user, "demo")).as(user).isTrue();
        }
    }

    @Test
    void aliceHasJoinedRoomsAndPendingRequests() {
        Browser alice = new Browser(port);
        alice.login("alice", "demo");

        List<HomeHtml.Row> rows = new HomeHtml(alice.get("/").body()).rows();

        assertThat(rows).filteredOn(row -> row.status().equals("joined")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows).filteredOn(row -> row.status().equals("pending")).isNotEmpty();
        assertThat(rows).extracting(HomeHtml.Row::text)
                .containsExactly("Book club", "Climbing Waiting to be admitted",
                        "Garden swap Waiting to be admitted", "Jazz nights");
    }

    @Test
    void aliceCanDecideCarolsRequestForHerRoom() {
        Browser alice = new Browser(port);
        alice.login("alice", "demo");
        String rooms = alice.get("/rooms").body();
        assertThat(rooms).contains("Book club").contains("Retro games");
        String bookClub = rooms.replaceAll("(?s).*href=\"/rooms/(\\d+)\">Book club<.*", "$1");

        assertThat(alice.get("/rooms/" + bookClub).body()).contains("Carol Chen").contains("data-request-id");
    }
}
