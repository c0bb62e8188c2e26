package io.nostale.renderer.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The renderer configured as behind a TLS-terminating proxy ({@code server.forward-headers-strategy=native},
 * docs/security.md), with small login limits. The tests play the proxy (they connect from 127.0.0.1, a trusted
 * proxy address) and name the client with {@code X-Forwarded-For} and the scheme with {@code X-Forwarded-Proto}.
 * Every class with this annotation shares one Spring context, so one in-memory throttle: tests use fresh
 * usernames and client addresses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "server.forward-headers-strategy=native",
        "nostale.renderer.login-throttle.max-failures-per-username=" + BehindTlsProxy.PER_USERNAME,
        "nostale.renderer.login-throttle.max-failures-per-address=" + BehindTlsProxy.PER_ADDRESS,
        "nostale.renderer.login-throttle.window=10m"})
@interface BehindTlsProxy {

    int PER_USERNAME = 3;
    int PER_ADDRESS = 8;
}
