package io.nostale.systemtest.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.RendererSession;
import io.nostale.systemtest.SystemUnderTest;
import io.nostale.systemtest.attack.GatewaySocket.Closed;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attack suite: every hostile input of docs/security.md, tried against the running product (real
 * PostgreSQL and Kafka, renderer, cdc-relay and gateway as processes; started once per test JVM). Each attack
 * asserts the documented close code or HTTP status, that nothing leaked (no change frame to a refused socket, no
 * token, key or password in the answer or in the services' logs, no row changed), and, after each test, that a
 * healthy page of another user on the same gateway still receives its own changes.
 *
 * <p>Not here: the Chromium checks that hostile titles and messages stay inert in the browser, on server-rendered
 * pages and after live updates (renderer {@code security/ScriptInjectionIT}); the parser fuzz tests (wire
 * {@code TimepointFuzzTest}, {@code StreamPositionFuzzTest}, {@code SubscriptionTokenFuzzTest}); the login
 * limit's finer rules (renderer {@code security/LoginThrottleIT}).
 */
class AttackSuiteIT {

    /** The gateway's default {@code max-connections-per-user} (docs/protocol.md), which the product runs with here. */
    private static final int MAX_CONNECTIONS_PER_USER = 32;
    /** The renderer's default login limits (application.yml), which the product runs with here. */
    private static final int MAX_FAILURES_PER_USERNAME = 5;
    private static final int MAX_FAILURES_PER_ADDRESS = 50;
    private static final long LOGIN_WINDOW_SECONDS = 15 * 60;
    private static final String EVIL_ORIGIN = "https://evil.example";
    private static final String WRONG_PASSWORD = "Wr0ng-password-that-must-never-be-logged";
    private static final Pattern OWN_SCRIPT = Pattern.compile(
            "<script type=\"module\" src=\"/js/[\\w-]+\\.js\">|<script type=\"application/json\" id=\"nostale-[\\w-]+\">");
    private static final Pattern ANY_SCRIPT = Pattern.compile("(?i)<script\\b[^>]*>");
    private static final Pattern JSON_BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"[\\w-]+\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern TEXT_NODE = Pattern.compile(">([^<]+)<");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SystemUnderTest sut;
    private static Db db;
    private static Chat chat;
    private static Tokens tokens;
    private static Victim victim;
    private static ServiceLog gatewayLog;
    private static ServiceLog rendererLog;
    private static String origin;
    private static String keyMaterial;

    /** What must not appear in any log or answer of this test: tokens, passwords (added as the test uses them). */
    private final Set<String> secrets = new HashSet<>();
    /** Where the services' logs stood when this test began: what it expects logged must come after. */
    private long gatewayLogMark;
    private long rendererLogMark;

    @BeforeAll
    static void theProductAndAHealthyPage() throws Exception {
        sut = SystemUnderTest.get();
        db = new Db(sut);
        chat = new Chat(sut);
        String keys = sut.product.settings().tokenKeys();
        tokens = new Tokens(keys);
        keyMaterial = keys.substring(keys.indexOf(':') + 1);
        origin = sut.rendererUrl();
        gatewayLog = new ServiceLog("gateway", sut.product.gateway().logFile());
        rendererLog = new ServiceLog("renderer", sut.product.renderer().logFile());
        victim = Victim.start(sut, chat, origin);
    }

    @AfterAll
    static void closeTheHealthyPage() {
        if (victim != null) {
            victim.close();
        }
    }

    @BeforeEach
    void markTheLogs() {
        gatewayLogMark = gatewayLog.mark();
        rendererLogMark = rendererLog.mark();
    }

    @AfterEach
    void nothingLeakedAndTheHealthyPageIsStillLive() throws Exception {
        victim.assertStillReceivesItsChanges();
        secrets.add(keyMaterial);
        secrets.add(victim.page.token());
        secrets.add(Db.PASSWORD);
        gatewayLog.assertHoldsNoneOf(secrets);
        rendererLog.assertHoldsNoneOf(secrets);
    }

    // ---- subscription tokens ----------------------------------------------------------------------------------

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        RenderedHome page = attackerPage();
        String forged = Tokens.withForgedSignature(page.token());

        assertRefused(subscribe(forged, page.timepoint()), 4401, "bad-token", forged);
    }

    @Test
    void aPayloadTamperedToNameAnotherUserIsRefused() throws Exception {
        RenderedHome page = attackerPage();
        String tampered = Tokens.withUserId(page.token(), victim.user.id());
        assertThat(Tokens.userId(tampered)).isEqualTo(victim.user.id());

        assertRefused(subscribe(tampered, page.timepoint()), 4401, "bad-token", tampered);
    }

    @Test
    void aTokenSignedWithAnUnknownKeyIsRefused() throws Exception {
        RenderedHome page = attackerPage();
        String foreign = Tokens.signedWithUnknownKey(Tokens.userId(page.token()), page.timepoint());

        assertRefused(subscribe(foreign, page.timepoint()), 4401, "bad-token", foreign);
    }

    @Test
    void anExpiredTokenIsToldToReloadAndGetsNothing() throws Exception {
        RenderedHome page = attackerPage();
        String expired = tokens.signedByTheRenderer(new SubscriptionClaims(Tokens.userId(page.token()), "home",
                Timepoint.parse(page.timepoint()), Instant.now().minusSeconds(60)));
        secrets.add(expired);

        Closed closed = subscribe(expired, page.timepoint());

        assertThat(closed.code()).as("close code").isEqualTo(4409);
        assertThat(closed.types()).as("frames").containsExactly("resync");
        assertThat(closed.frames().get(0).path("reason").asString()).isEqualTo("token-expired");
        assertNoSecretIn(closed, expired);
        gatewayLog.awaitLineSince(gatewayLogMark, Pattern.compile("Resync before start \\(token-expired\\)"));
    }

    /** A token signed with the real keys for a page the gateway does not serve (a signer bug): refused as a bad token, 4401. */
    @Test
    void aValidTokenForAPageTheGatewayDoesNotServeIsRefused() throws Exception {
        RenderedHome page = attackerPage();
        String admin = tokens.signedByTheRenderer(new SubscriptionClaims(Tokens.userId(page.token()), "admin",
                Timepoint.parse(page.timepoint()), Instant.now().plusSeconds(3600)));

        assertRefused(subscribe(admin, page.timepoint()), 4401, "bad-token", admin);
    }

    static Stream<Arguments> malformedTokens() {
        return Stream.of(
                malformed("empty", token -> ""),
                malformed("version only", token -> "v1"),
                malformed("truncated inside the payload", token -> token.substring(0, token.indexOf('.', 3) + 12)),
                malformed("signature cut by one character", token -> token.substring(0, token.length() - 1)),
                malformed("signature one character longer", token -> token + "A"),
                malformed("signature dropped", token -> token.substring(0, token.lastIndexOf('.'))),
                malformed("signature respelled (spare base64 bits)", AttackSuiteIT::respellLastCharacter),
                malformed("other version", token -> "v2" + token.substring(2)),
                malformed("base64 padding added", token -> token + "="),
                malformed("leading space", token -> " " + token),
                malformed("non-ASCII in the payload", token -> token.replaceFirst("\\.([A-Za-z0-9_-])([A-Za-z0-9_-]*)\\.([A-Za-z0-9_-]{43})$", ".é$2.$3")),
                malformed("JWT with alg none", token -> "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."),
                malformed("over 64 KiB", token -> "v1.k1." + "A".repeat(70_000) + "." + Tokens.signature(token)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTokens")
    void aMalformedOrTruncatedTokenIsRefused(String name, UnaryOperator<String> mangle) throws Exception {
        RenderedHome page = attackerPage();
        String mangled = mangle.apply(page.token());
        assertThat(mangled).isNotEqualTo(page.token());

        assertRefused(subscribe(mangled, page.timepoint()), 4401, "bad-token", mangled);
    }

    // ---- timepoints -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "",
            "yesterday",
            "0/1A2B3C4",
            "0/1A2B3C4@755:759:",
            "0/1A2B3C4@755:759:@2026-11-25 19:40:00",
            "0/1A2B3C4@755:759:@2026-11-25T19:40:00Z@extra",
            "G/1A2B3C4@755:759:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@755:759:756,,757@2026-11-25T19:40:00Z",
            "0/1A2B3C4@ 755:759:@2026-11-25T19:40:00Z",
            // absurd xid ranges
            "0/1A2B3C4@759:755:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@0:5:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@1:3000000000:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@1:1152921504606846977:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@1:99999999999999999999:@2026-11-25T19:40:00Z",
            "0/1A2B3C4@755:759:754@2026-11-25T19:40:00Z",
            "0/1A2B3C4@755:759:759@2026-11-25T19:40:00Z",
            "0/1A2B3C4@755:759:757,756@2026-11-25T19:40:00Z",
            "0/1A2B3C4@755:759:756,756@2026-11-25T19:40:00Z"})
    void aMalformedTimepointIsRefused(String timepoint) throws Exception {
        RenderedHome page = attackerPage();

        assertRefused(subscribe(page.token(), timepoint), 4400, "bad-timepoint", page.token());
    }

    /** Well-formed, far ahead of the stream: not the timepoint the token was signed for. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "FFFFFFFF/FFFFFFFF@1:2:@2999-12-31T23:59:59Z",
            "7FFF/0@1152921504606846975:1152921504606846976:@2026-11-25T19:40:00Z"})
    void aTimepointFromTheFutureIsRefused(String future) throws Exception {
        RenderedHome page = attackerPage();

        assertRefused(subscribe(page.token(), future), 4401, "bad-token", page.token());
    }

    @Test
    void aValidTokenWithTheTimepointOfAnotherOfTheUsersPagesIsRefused() throws Exception {
        RendererSession session = attackerSession();
        RenderedHome first = session.home();
        RenderedHome[] second = new RenderedHome[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            second[0] = session.home();
            return !second[0].timepoint().equals(first.timepoint());
        });
        secrets.add(first.token());
        secrets.add(second[0].token());

        assertRefused(subscribe(first.token(), second[0].timepoint()), 4401, "bad-token", first.token());
    }

    @Test
    void someoneElsesTokenWithTheAttackersTimepointIsRefused() throws Exception {
        RenderedHome page = attackerPage();

        assertRefused(subscribe(victim.page.token(), page.timepoint()), 4401, "bad-token", victim.page.token());
    }

    // ---- origins ----------------------------------------------------------------------------------------------

    @Test
    void someoneElsesTokenFromAnotherOriginIsRefusedAtTheHandshake() {
        // The page of another site would have to open the socket before it could send the stolen token.
        assertThat(GatewaySocket.refusedHandshake(sut.product.gatewayUrl(), EVIL_ORIGIN)).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {EVIL_ORIGIN, "null", "not a url", "http://localhost.evil.example:{renderer-port}",
            "https://localhost:{renderer-port}", "http://127.0.0.1:{renderer-port}", "http://localhost:1",
            "http://user@localhost:{renderer-port}"})
    void aHandshakeFromAnOriginNotAllowedGets403(String badOrigin) {
        assertThat(GatewaySocket.refusedHandshake(sut.product.gatewayUrl(), spell(badOrigin))).isEqualTo(403);
    }

    /**
     * An {@code Origin} that is not even a URL (its authority does not parse) must be refused like any other
     * foreign origin: 403, not a server error with a stack trace in the gateway's log.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost:{renderer-port}.evil.example", "http://a b", "http://localhost:-1"})
    void aHandshakeFromAnOriginThatIsNotAUrlGets403(String badOrigin) {
        assertThat(GatewaySocket.refusedHandshake(sut.product.gatewayUrl(), spell(badOrigin))).isEqualTo(403);
    }

    private static String spell(String origin) {
        return origin.replace("{renderer-port}", Integer.toString(sut.product.settings().rendererPort()));
    }

    // ---- frames -----------------------------------------------------------------------------------------------

    @Test
    void anOversizedFrameIsClosedWith1009() throws Exception {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            socket.send("{\"type\":\"subscribe\",\"token\":\"" + "A".repeat(170 * 1024) + "\"}");
            Closed closed = socket.awaitClose(Duration.ofSeconds(30));

            assertThat(closed.code()).as(closed.reason()).isEqualTo(1009);
            assertThat(closed.frames()).isEmpty();
        }
    }

    @Test
    void aBinaryFrameIsClosedWith1003() throws Exception {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            socket.sendBinary("{\"type\":\"subscribe\"}".getBytes(StandardCharsets.UTF_8));
            Closed closed = socket.awaitClose(Duration.ofSeconds(30));

            assertThat(closed.code()).as(closed.reason()).isEqualTo(1003);
            assertThat(closed.frames()).isEmpty();
        }
    }

    @Test
    void aBinaryFrameOverOneKibIsClosedWith1009() throws Exception {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            socket.sendBinary(new byte[4 * 1024]);
            Closed closed = socket.awaitClose(Duration.ofSeconds(30));

            assertThat(closed.code()).as(closed.reason()).isEqualTo(1009);
            assertThat(closed.frames()).isEmpty();
        }
    }

    @Test
    void noSubscribeWithinTheTimeoutIsClosedWith4408() throws Exception {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            Closed closed = socket.awaitClose(Duration.ofSeconds(40));

            assertError(closed, 4408, "subscribe-timeout");
            assertThat(closed.afterMillis()).as("closed by the 10 s timeout, not before").isGreaterThanOrEqualTo(9_000);
        }
        gatewayLog.awaitLineSince(gatewayLogMark, refusal("subscribe-timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "not json at all",
            "{",
            "[]",
            "42",
            "\"subscribe\"",
            "null",
            "{}",
            "{\"type\":\"subscribe\"}",
            "{\"type\":\"unsubscribe\",\"token\":\"x\",\"timepoint\":\"y\"}",
            "{\"type\":\"subscribe\",\"token\":1,\"timepoint\":\"y\"}",
            "{\"type\":\"subscribe\",\"token\":\"x\",\"timepoint\":[\"y\"]}",
            "{\"type\":\"subscribe\",\"token\":\"x\",\"timepoint\":\"y\",\"admin\":true}",
            "{\"type\":\"subscribe\",\"token\":\"x\",\"timepoint\":\"y\",\"resume\":\"everything\"}",
            "{\"type\":\"subscribe\",\"token\":\"x\",\"timepoint\":\"y\",\"resume\":{\"stream\":\"s\",\"offset\":\"0\",\"position\":\"p\"}}",
            "{\"type\":\"subscribe\",\"token\":\"x\",\"timepoint\":\"y\",\"resume\":{\"stream\":\"s\",\"offset\":0,\"position\":\"not a position\"}}",
            "\u0000\u0001\u0002"})
    void garbageJsonIsRefusedAsBadMessage(String frame) throws Exception {
        assertRefused(send(frame), 4400, "bad-message", "");
    }

    @Test
    void deeplyNestedJsonIsRefusedAsBadMessage() throws Exception {
        assertRefused(send("[".repeat(50_000) + "]".repeat(50_000)), 4400, "bad-message", "");
    }

    @Test
    void aSecondFrameIsRefusedAsBadMessage() throws Exception {
        RenderedHome page = attackerPage();
        try (GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), origin)) {
            socket.subscribe(page.token(), page.timepoint());
            socket.awaitCaughtUp();
            socket.subscribe(victim.page.token(), victim.page.timepoint());

            Closed closed = socket.awaitClose(Duration.ofSeconds(30));

            assertThat(closed.code()).isEqualTo(4400);
            JsonNode last = closed.frames().get(closed.frames().size() - 1);
            assertThat(last.path("type").asString()).isEqualTo("error");
            assertThat(last.path("code").asString()).isEqualTo("bad-message");
            assertNoChangeOf(closed, victim.user);
        }
    }

    // ---- connection flood -------------------------------------------------------------------------------------

    @Test
    void aConnectionFloodFromOneUserIsCutAtTheLimitAndOnlyForThatUser() throws Exception {
        RenderedHome page = attackerPage();
        List<GatewaySocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS_PER_USER; i++) {
                GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), origin);
                held.add(socket);
                socket.subscribe(page.token(), page.timepoint());
                socket.awaitCaughtUp();
            }

            assertRefused(subscribe(page.token(), page.timepoint()), 4429, "too-many-connections", page.token());
            victim.assertStillReceivesItsChanges();

            held.remove(0).close(); // one tab closed: its place is free again
            await().atMost(Duration.ofSeconds(30)).until(() -> subscribesLive(page));
            assertThat(held).allSatisfy(socket -> assertThat(socket.isClosed()).isFalse());
        } finally {
            held.forEach(GatewaySocket::close);
        }
    }

    // ---- the renderer's forms, cookies and sign-in -------------------------------------------------------------

    /** Every form of the renderer, as (path, fields) for a signed-in owner of {@code room} with a pending request. */
    private record Form(String path, Map<String, String> fields) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"request to join", "post a message", "leave", "admit", "deny", "sign out", "sign in"})
    void aFormPostWithoutAValidCsrfTokenIs403AndChangesNothing(String form) throws Exception {
        User owner = db.user("owner");
        User asker = db.user("asker");
        long room = chat.room("CSRF target", owner);
        long elsewhere = chat.room("Elsewhere", asker);
        long request = chat.request(room, asker);
        WebVisitor ownerBrowser = signedIn(owner);
        String otherSessionsToken = signedIn(asker).csrfOf("/");
        WebVisitor anonymous = new WebVisitor(sut.rendererUrl());
        WebVisitor browser = "sign in".equals(form) ? anonymous : ownerBrowser;
        Form target = switch (form) {
            case "request to join" -> new Form("/rooms/" + elsewhere + "/requests", Map.of());
            case "post a message" -> new Form("/rooms/" + room + "/messages", Map.of("body", "forged message"));
            case "leave" -> new Form("/rooms/" + room + "/leave", Map.of());
            case "admit" -> new Form("/requests/" + request + "/admit", Map.of());
            case "deny" -> new Form("/requests/" + request + "/deny", Map.of());
            case "sign out" -> new Form("/logout", Map.of());
            default -> new Form("/login", Map.of("username", owner.username(), "password", Db.PASSWORD));
        };
        anonymous.get("/login"); // a session of its own, so a CSRF token is expected from it
        List<String> rowsBefore = chat.rowsOfRooms(room, elsewhere);

        for (String csrf : new String[] {null, "", "forged-token", otherSessionsToken}) {
            Map<String, String> fields = new LinkedHashMap<>(target.fields());
            if (csrf != null) {
                fields.put("_csrf", csrf);
            }
            HttpResponse<String> answer = browser.post(target.path(), fields);

            assertThat(answer.statusCode()).as("POST %s with _csrf %s", target.path(), csrf).isEqualTo(403);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.nostale");
        }

        assertThat(chat.rowsOfRooms(room, elsewhere)).as("rows").isEqualTo(rowsBefore);
        assertThat(ownerBrowser.get("/").statusCode()).as("the owner is still signed in").isEqualTo(200);
        assertThat(anonymous.get("/").statusCode()).as("the anonymous visitor was not signed in").isEqualTo(302);
    }

    /** {@code Secure} needs TLS: renderer {@code SessionCookieBehindTlsProxyIT} checks the configuration path. */
    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndRenewedAtSignIn() throws Exception {
        User user = db.user("cookie");
        WebVisitor browser = new WebVisitor(sut.rendererUrl());
        String anonymous = sessionCookie(browser.get("/login"));
        HttpResponse<String> login = browser.post("/login", Map.of("username", user.username(), "password", Db.PASSWORD,
                "_csrf", browser.csrfOf("/login")));
        String signedIn = sessionCookie(login);

        for (String cookie : List.of(anonymous, signedIn)) {
            assertThat(cookie).contains("; HttpOnly").contains("; SameSite=Lax")
                    .as("plain HTTP here: Secure would stop the browser from sending it").doesNotContain("Secure");
        }
        assertThat(sessionId(signedIn)).as("a new session at sign-in (no session fixation)").isNotEqualTo(sessionId(anonymous));
    }

    @Test
    void loginBruteForceOnOneUsernameGets429WhateverThePasswordAndWherever() throws Exception {
        User target = db.user("target");
        User bystander = db.user("bystander");
        FromAddress attacker = new FromAddress("127.0.0.21", sut.product.settings().rendererPort());
        secrets.add(WRONG_PASSWORD);
        double before = throttledLogins("username");
        for (int i = 0; i < MAX_FAILURES_PER_USERNAME; i++) {
            FromAddress.Response failed = attacker.login(target.username(), WRONG_PASSWORD + i, "");
            assertThat(failed.status()).isEqualTo(302);
            assertThat(failed.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
            secrets.add(WRONG_PASSWORD + i);
        }

        WebVisitor owner = new WebVisitor(sut.rendererUrl()); // the account's owner, from another address
        HttpResponse<String> refused = owner.login(target.username(), Db.PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, LOGIN_WINDOW_SECONDS));
        assertThat(refused.body()).contains("Too many failed sign-ins").doesNotContain(Db.PASSWORD);
        assertThat(owner.get("/").statusCode()).as("not signed in").isEqualTo(302);
        assertThat(throttledLogins("username")).isEqualTo(before + 1);
        rendererLog.awaitLineSince(rendererLogMark, Pattern.compile("Sign-in refused \\(429, username limit\\).*"
                + Pattern.quote(target.username())));
        FromAddress.Response other = attacker.login(bystander.username(), Db.PASSWORD, "");
        assertThat(other.header("Location")).as("another username from the attacker's address")
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
    }

    @Test
    void loginBruteForceFromOneAddressGets429AndForgedForwardedForDoesNotHelp() throws Exception {
        User target = db.user("target");
        FromAddress sprayer = new FromAddress("127.0.0.22", sut.product.settings().rendererPort());
        secrets.add(WRONG_PASSWORD);
        double before = throttledLogins("address");
        for (int i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
            FromAddress.Response failed = sprayer.login("nobody-" + i + "-" + target.username(), WRONG_PASSWORD,
                    "203.0.113." + (i + 1));
            assertThat(failed.header("Location")).as("attempt %d", i).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }

        FromAddress.Response refused = sprayer.login(target.username(), Db.PASSWORD, "198.51.100.99");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed sign-ins").doesNotContain(Db.PASSWORD);
        assertThat(throttledLogins("address")).isEqualTo(before + 1);
        rendererLog.awaitLineSince(rendererLogMark, Pattern.compile("Sign-in refused \\(429, address limit\\).*127\\.0\\.0\\.22"));
        assertThat(WebVisitor.signedIn(new WebVisitor(sut.rendererUrl()).login(target.username(), Db.PASSWORD)))
                .as("the same account from another address").isTrue();
    }

    // ---- HTML and script in data ------------------------------------------------------------------------------

    static final String TITLE = "<img src=x onerror=\"window.__pwned=1\"></script><script>window.__pwned=2</script>";
    static final String BODY = "<b>bold</b><script>window.__pwned=4</script><img src=x onerror=window.__pwned=5>"
            + "<a href=\"javascript:window.__pwned=6\">x</a>";
    static final String NAME = "<svg onload=window.__pwned=7>";

    /** The server-side half; Chromium's half (nothing runs, the text shows verbatim) is ScriptInjectionIT's. */
    @Test
    void htmlAndScriptInTitlesMessagesAndNamesAreRenderedAsText() throws Exception {
        User owner = db.user("owner");
        chat.displayName(owner, NAME);
        User member = db.user("member");
        long room = chat.room(TITLE, owner);
        chat.join(room, member);
        chat.message(room, owner, BODY);
        WebVisitor browser = signedIn(member);

        for (String path : List.of("/", "/rooms", "/rooms/" + room)) {
            HttpResponse<String> page = browser.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String html = page.body();
            assertThat(html).as(path).doesNotContain("<img").doesNotContain("<svg").doesNotContain("<b>")
                    .doesNotContain("<a href=\"javascript");
            Matcher scripts = ANY_SCRIPT.matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group()).as("a script tag on %s", path).matches(OWN_SCRIPT);
            }
            Matcher blocks = JSON_BLOCK.matcher(html);
            while (blocks.find()) {
                assertThat(blocks.group(1)).as("JSON block on %s", path).doesNotContain("<").doesNotContain("-->");
                JSON.readTree(blocks.group(1)); // still valid JSON
            }
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").contains("object-src 'none'"));
            assertThat(textNodes(html)).as("text on %s", path).contains(TITLE);
        }
        List<String> roomPage = textNodes(browser.get("/rooms/" + room).body());
        assertThat(roomPage).as("the room page").contains(BODY, NAME);
    }

    /** Live updates carry the text as JSON data; the page puts it in with textContent (ScriptInjectionIT). */
    @Test
    void aHostileRenameTravelsToOpenPagesAsPlainData() throws Exception {
        User member = db.user("member");
        long room = chat.room("Harmless", member);
        RenderedHome page = RendererSession.login(sut.rendererUrl(), member.username(), Db.PASSWORD).home();
        try (GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), origin)) {
            socket.subscribe(page.token(), page.timepoint());
            socket.awaitCaughtUp();
            chat.rename(room, TITLE);

            List<JsonNode> frames = socket.framesThrough(frame -> "chat_room".equals(frame.path("table").asString())
                    && frame.path("after").path("id").asLong() == room, Duration.ofSeconds(60));

            assertThat(frames.get(frames.size() - 1).path("after").path("title").asString()).isEqualTo(TITLE);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Arguments malformed(String name, UnaryOperator<String> mangle) {
        return Arguments.of(name, mangle);
    }

    /** The last signature character with its two spare bits set differently: the same bytes, another spelling. */
    private static String respellLastCharacter(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(token.charAt(token.length() - 1));
        return token.substring(0, token.length() - 1) + alphabet.charAt(value ^ 1);
    }

    private RendererSession attackerSession() throws Exception {
        User attacker = db.user("attacker");
        return RendererSession.login(sut.rendererUrl(), attacker.username(), Db.PASSWORD);
    }

    /** The attacker is a signed-in user with pages (and tokens) of their own. */
    private RenderedHome attackerPage() throws Exception {
        RenderedHome page = attackerSession().home();
        secrets.add(page.token());
        return page;
    }

    private WebVisitor signedIn(User user) throws Exception {
        WebVisitor browser = new WebVisitor(sut.rendererUrl());
        assertThat(WebVisitor.signedIn(browser.login(user.username(), Db.PASSWORD))).as("sign in " + user.username()).isTrue();
        return browser;
    }

    private static Closed subscribe(String token, String timepoint) throws InterruptedException {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            socket.subscribe(token, timepoint);
            return socket.awaitClose(Duration.ofSeconds(30));
        }
    }

    private static Closed send(String frame) throws InterruptedException {
        try (GatewaySocket socket = GatewaySocket.open(sut.product.gatewayUrl(), origin)) {
            socket.send(frame);
            return socket.awaitClose(Duration.ofSeconds(30));
        }
    }

    /** Whether a fresh socket of this page gets subscribed (rather than refused). */
    private static boolean subscribesLive(RenderedHome page) throws InterruptedException {
        GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), origin);
        try {
            socket.subscribe(page.token(), page.timepoint());
            socket.awaitCaughtUp();
            return true;
        } catch (AssertionError refused) {
            return false;
        } finally {
            socket.close();
        }
    }

    /**
     * The refusal the protocol documents: exactly one {@code error} frame with the code, then the close code; no
     * change ever reached the socket; the answer holds none of the token's material; the gateway logged it.
     */
    private void assertRefused(Closed closed, int code, String errorCode, String submittedToken) {
        assertError(closed, code, errorCode);
        if (submittedToken.length() >= 20) {
            secrets.add(submittedToken);
        }
        assertNoSecretIn(closed, submittedToken);
        gatewayLog.awaitLineSince(gatewayLogMark, refusal(errorCode));
    }

    private static void assertError(Closed closed, int code, String errorCode) {
        assertThat(closed.types()).as("frames before the close (close %d %s)", closed.code(), closed.reason())
                .containsExactly("error");
        assertThat(closed.frames().get(0).path("code").asString()).as(closed.frames().get(0).toString()).isEqualTo(errorCode);
        assertThat(closed.code()).as("close code").isEqualTo(code);
        assertThat(closed.reason()).isEqualTo(errorCode);
    }

    private void assertNoSecretIn(Closed closed, String submittedToken) {
        String answer = closed.frames().toString() + " " + closed.reason();
        assertThat(answer).doesNotContain(keyMaterial).doesNotContain(victim.page.token())
                .doesNotContain(Tokens.signature(victim.page.token()));
        if (submittedToken.length() >= 20) {
            assertThat(answer).doesNotContain(submittedToken);
        }
        if (submittedToken.matches("v1\\.[^.]+\\.[^.]+\\.[A-Za-z0-9_-]{43}")) {
            assertThat(answer).doesNotContain(Tokens.signature(submittedToken));
        }
    }

    private static void assertNoChangeOf(Closed closed, User user) {
        assertThat(closed.frames()).filteredOn(f -> "change".equals(f.path("type").asString()))
                .noneSatisfy(change -> assertThat(change.path("after").path("user_id").asLong()).isEqualTo(user.id()));
    }

    private static Pattern refusal(String errorCode) {
        return Pattern.compile("Refusing socket \\S+ \\(" + Pattern.quote(errorCode) + "\\)");
    }

    private static double throttledLogins(String limit) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + sut.product.settings().rendererManagementPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^nostale_renderer_login_throttled_total\\{[^}]*limit=\"" + limit
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError("no nostale_renderer_login_throttled_total{limit=\"" + limit + "\"} in the renderer's metrics");
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie set by " + response.uri()));
    }

    private static String sessionId(String cookie) {
        return cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
    }

    /** The text between tags, HTML entities decoded: what a browser shows, never markup. */
    private static List<String> textNodes(String html) {
        List<String> texts = new ArrayList<>();
        Matcher matcher = TEXT_NODE.matcher(html);
        while (matcher.find()) {
            texts.add(unescape(matcher.group(1)));
        }
        return texts;
    }

    private static String unescape(String text) {
        Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(text);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String replacement = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(name.startsWith("#x")
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1))));
            };
            entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(out);
        return out.toString();
    }
}
