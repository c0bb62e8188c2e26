package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.protocol.SubscribeRequest;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.settings.InvalidSettingsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** application.yml's defaults bind and pass the gateway's settings chain; every setting out of bounds stops the start. */
class GatewayPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Bind.class)
            .withPropertyValues("nostale.gateway.token-keys=k1:c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==");

    @Test
    void theDefaultsPass() {
        runner.run(context -> {
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.visibilityWindow()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.sendTimeLimit()).isLessThan(properties.closeGrace());
            assertThat(properties.maxFrameBytes()).isEqualTo(163_840);
            assertThat(properties.outboundBudget()).isEqualTo(DataSize.ofMegabytes(128));
        });
    }

    @Test
    void aSendTimeLimitNotBelowTheCloseGraceStopsTheStartNamingBoth() {
        runner.withPropertyValues("nostale.gateway.send-time-limit=10s", "nostale.gateway.close-grace=10s")
                .run(failsWith("nostale.gateway.send-time-limit (10s) must be below nostale.gateway.close-grace (10s)"));
        runner.withPropertyValues("nostale.gateway.send-time-limit=9s", "nostale.gateway.close-grace=10s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aZeroVisibilityWindowStopsTheStart() {
        runner.withPropertyValues("nostale.gateway.visibility-window=0s")
                .run(failsWith("nostale.gateway.visibility-window (0s) must be between 1s and 1d"));
    }

    @Test
    void aHeartbeatIntervalAPageCouldTakeForSilenceStopsTheStart() {
        runner.withPropertyValues("nostale.gateway.heartbeat-interval=21s", "nostale.gateway.freshness=1h")
                .run(failsWith("nostale.gateway.heartbeat-interval (21s) must be between 100ms and 20s"));
    }

    @Test
    void theFrameLimitStaysAboveTheLargestSubscribeFrameAndAtMostOneMebibyte() {
        runner.withPropertyValues("nostale.gateway.max-frame-bytes=" + (SubscribeRequest.LARGEST_FRAME_BYTES - 1))
                .run(failsWith("nostale.gateway.max-frame-bytes (132095) must be between 132096 and 1048576"));
        runner.withPropertyValues("nostale.gateway.max-frame-bytes=" + SubscribeRequest.LARGEST_FRAME_BYTES)
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("nostale.gateway.max-frame-bytes=1048577")
                .run(failsWith("nostale.gateway.max-frame-bytes (1048577)"));
    }

    @Test
    void theLargestSubscribeFrameOfARealPageFitsTheSmallestFrameLimit() {
        String token = "A".repeat(SubscriptionTokens.MAX_TOKEN_LENGTH - 44) + "." + "B".repeat(43);
        String timepoint = "t".repeat(SubscriptionTokens.MAX_TOKEN_LENGTH); // the token carries it: never longer
        String frame = "{\"type\":\"subscribe\",\"token\":\"" + token + "\",\"timepoint\":\"" + timepoint + "\","
                + "\"resume\":{\"stream\":\"" + "s".repeat(64) + "\",\"offset\":" + Long.MAX_VALUE + ","
                + "\"position\":\"FFFFFFFF/FFFFFFFF#FFFFFFFF/FFFFFFFF\",\"proof\":\"" + "p".repeat(64) + "\"}}";

        SubscribeRequest.parse(JsonMapper.builder().build(), frame); // a well-formed subscribe frame
        assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SubscribeRequest.LARGEST_FRAME_BYTES);
    }

    @Test
    void anOutboxLargerThanTheBudgetOrABudgetAboveHalfTheHeapStopsTheStart() {
        runner.withPropertyValues("nostale.gateway.outbound-budget=2MB", "nostale.gateway.outbox-bytes=3MB")
                .run(failsWith("nostale.gateway.outbox-bytes (3MB) must be at most nostale.gateway.outbound-budget (2MB)"));
        long heapMegabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        runner.withPropertyValues("nostale.gateway.outbound-budget=" + (heapMegabytes / 2 + 1) + "MB")
                .run(failsWith("must be at most half the heap"));
    }

    @Test
    void freshnessTooCloseToTheHeartbeatsStopsTheStartNamingAllThree() {
        runner.withPropertyValues("nostale.gateway.freshness=5s")
                .run(failsWith("nostale.gateway.freshness (5s) must be at least 4/3 of"
                        + " nostale.gateway.database-heartbeat-interval (1s) + 5/4 of nostale.gateway.heartbeat-interval (5s)"));
    }

    @Test
    void everyViolationIsNamedInOneLineOfTheStartFailureReport() {
        runner.withPropertyValues("nostale.gateway.visibility-window=0s", "nostale.gateway.send-time-limit=1m",
                "nostale.gateway.close-grace=30s", "nostale.gateway.catch-up-readers=0").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("The gateway cannot start: ")
                            .contains("nostale.gateway.visibility-window (0s)", "nostale.gateway.catch-up-readers (0)",
                                    "nostale.gateway.send-time-limit (1m) must be below nostale.gateway.close-grace (30s)")
                            .doesNotContain("\n");
                    assertThat(analysis.getAction()).contains("nostale.gateway.visibility-window",
                            "nostale.gateway.send-time-limit", "nostale.gateway.close-grace",
                            "nostale.gateway.catch-up-readers");
                });
    }

    /**
     * No duration, size or count is left unbounded: for each one, a value below every bound and one above every bound
     * each stop the start, naming the setting.
     */
    @Test
    void everyDurationSizeAndCountHasBounds() {
        Map<Class<?>, List<String>> extremes = Map.of(
                Duration.class, List.of("0s", "100000d"),
                DataSize.class, List.of("0B", "1TB"),
                int.class, List.of("-1", "2000000000"));
        List<String> checked = Arrays.stream(GatewayProperties.class.getRecordComponents())
                .filter(component -> extremes.containsKey(component.getType()))
                .map(component -> {
                    String setting = "nostale.gateway." + kebab(component.getName());
                    for (String value : extremes.get(component.getType())) {
                        runner.withPropertyValues(setting + "=" + value).run(failsWith(setting + " ("));
                    }
                    return setting;
                }).toList();
        assertThat(checked).hasSize(18);
    }

    private static ContextConsumer<AssertableApplicationContext> failsWith(String message) {
        return context -> assertThat(context).hasFailed().getFailure().rootCause()
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining(message);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
    }
}
