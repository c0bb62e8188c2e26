package io.nostale.renderer.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.Browser;
import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginIT extends RendererITSupport {

    @Test
    void signsInWithTheRightPasswordAndShowsTheHomePage() {
        User ann = user("ann");
        Browser browser = browser();

        assertThat(browser.login(ann.username(), PASSWORD)).isTrue();

        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Display ann").contains("Your rooms");
    }

    @Test
    void refusesAWrongPassword() {
        User ann = user("ann");
        Browser browser = browser();

        assertThat(browser.login(ann.username(), "wrong")).isFalse();

        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(browser.get("/login?error").body()).contains("Wrong username or password.");
    }

    @Test
    void refusesAnUnknownUser() {
        assertThat(browser().login("nobody-at-all", PASSWORD)).isFalse();
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLax() {
        User ann = user("ann");
        Browser browser = browser();
        browser.get("/login");
        HttpResponse<String> response = browser.post("/login", Map.of("username", ann.username(), "password", PASSWORD));

        assertThat(response.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly")
                        .contains("SameSite=Lax"));
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        User ann = user("ann");
        Browser browser = signedIn(ann);
        long room = room("Forged", ann);

        HttpResponse<String> forged = browser.post("/rooms/" + room + "/leave", Map.of("_csrf", "forged"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM chat_room_member WHERE room_id = ?", Long.class, room))
                .isEqualTo(1);
    }

    @Test
    void signOutEndsTheSession() {
        Browser browser = signedIn(user("ann"));

        assertThat(browser.post("/logout").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void apiAnswers401InsteadOfTheLoginPage() {
        assertThat(browser().get("/api/rooms/1").statusCode()).isEqualTo(401);
    }

    @Test
    void healthNeedsNoLoginOnTheManagementPortAndIsNotOnThePublicOne() {
        HttpResponse<String> readiness = new Browser(managementPort).get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(browser().get("/actuator/health/readiness").statusCode()).isEqualTo(404);
    }
}
