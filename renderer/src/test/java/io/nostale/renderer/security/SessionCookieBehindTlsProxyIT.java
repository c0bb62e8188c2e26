package io.nostale.renderer.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The configuration path docs/security.md gives for TLS terminated by a proxy: with
 * {@code server.forward-headers-strategy=native} the session cookie is {@code Secure} when the proxy says the
 * visitor came over https, and always {@code HttpOnly} and {@code SameSite=Lax}.
 */
@BehindTlsProxy
class SessionCookieBehindTlsProxyIT extends RendererITSupport {

    @Test
    void theSessionCookieIsSecureWhenTheProxySaysHttps() {
        HttpResponse<String> login = new ProxiedVisitor(port, "203.0.113.10", "https").get("/login");

        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("; Secure").contains("; HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void theSessionCookieIsNotSecureOverPlainHttp() {
        HttpResponse<String> login = new ProxiedVisitor(port, "203.0.113.11", "http").get("/login");

        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").doesNotContain("Secure").contains("; HttpOnly").contains("SameSite=Lax"));
    }
}
