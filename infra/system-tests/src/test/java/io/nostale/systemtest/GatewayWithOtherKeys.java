package io.nostale.systemtest;

import io.nostale.embedded.launch.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product's gateway deployed with token keys the renderer does not sign with: what a key rotation done in the
 * wrong order leaves (the gateway got only the new key {@code k2} while the renderer still signs with {@code k1};
 * docs/protocol.md says to add a new key everywhere first). It refuses every page the renderer serves with close
 * 4401 {@code bad-token}. Same exec jar, port, Kafka and allowed origin as the product's gateway (the settings the
 * root README lists); only the keys differ. Not started; it may run only while the product's gateway is stopped.
 */
final class GatewayWithOtherKeys {

    private static final Pattern REFUSALS = Pattern.compile(
            "(?m)^nostale_gateway_refusals_total\\{[^}]*code=\"([^\"]+)\"[^}]*} (\\S+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayWithOtherKeys() {
    }

    static ServiceProcess of(SystemUnderTest sut) {
        int port = sut.product.settings().gatewayPort();
        int management = sut.product.settings().gatewayManagementPort();
        Map<String, String> env = Map.of(
                "SERVER_PORT", Integer.toString(port),
                "MANAGEMENT_SERVER_PORT", Integer.toString(management),
                "NOSTALE_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", sut.stack.kafkaBootstrapServers(),
                "NOSTALE_GATEWAY_TOKEN_KEYS", "k2:" + Base64.getEncoder().encodeToString(secret()),
                "NOSTALE_GATEWAY_ALLOWED_ORIGINS", sut.rendererUrl());
        return new ServiceProcess("gateway-other-keys", execJar(sut.product.settings().projectDir()),
                List.of("-Xmx512m"), env, management, Path.of("target", "service-logs", "gateway-other-keys.log"));
    }

    /**
     * {@code nostale_gateway_refusals_total{code=...}} of the running gateway (asked on its management port,
     * {@link ServiceProcess#port()}): subscriptions it refused so.
     */
    static long refusals(ServiceProcess gateway, String code) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port()
                + "/actuator/prometheus")).build();
        String metrics;
        try {
            metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher matcher = REFUSALS.matcher(metrics);
        while (matcher.find()) {
            if (matcher.group(1).equals(code)) {
                return (long) Double.parseDouble(matcher.group(2));
            }
        }
        return 0; // the counter appears with its first refusal
    }

    /** The gateway module's runnable jar, the one the product runs (the newest build). */
    private static Path execJar(Path projectDir) {
        Path target = projectDir.resolve("gateway").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("nostale-gateway-.*-exec\\.jar"))
                    .max(Comparator.comparing(file -> file.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no gateway exec jar in " + target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] secret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
