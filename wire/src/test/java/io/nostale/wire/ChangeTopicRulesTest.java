package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTopicRulesTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    private static Map<String, String> config(String timestamps, String cleanup, String retention) {
        Map<String, String> config = new HashMap<>();
        config.put("message.timestamp.type", timestamps);
        config.put("cleanup.policy", cleanup);
        config.put("retention.ms", retention);
        return config;
    }

    private static List<String> settings(int partitions, Map<String, String> config, Duration minimumRetention) {
        return ChangeTopicRules.violations(partitions, config, minimumRetention).stream()
                .map(ChangeTopicRules.Violation::setting).toList();
    }

    @Test
    void theTopicTheRelayCreatesPasses() {
        assertThat(ChangeTopicRules.violations(1, config("CreateTime", "delete", "604800000"), WINDOW)).isEmpty();
        assertThat(ChangeTopicRules.violations(1, config("CreateTime", "delete", "-1"), WINDOW))
                .as("unlimited retention").isEmpty();
    }

    @Test
    void logAppendTimeIsRefusedNamingTheSettingAndWhatItMustBe() {
        List<ChangeTopicRules.Violation> violations =
                ChangeTopicRules.violations(1, config("LogAppendTime", "delete", "604800000"), WINDOW);

        assertThat(violations).extracting(ChangeTopicRules.Violation::setting).containsExactly("message.timestamp.type");
        assertThat(violations.get(0).describe())
                .startsWith("message.timestamp.type is LogAppendTime, must be CreateTime (");
    }

    @Test
    void moreOrFewerThanOnePartitionIsRefused() {
        assertThat(settings(2, config("CreateTime", "delete", "-1"), WINDOW)).containsExactly("partitions");
        assertThat(settings(0, config("CreateTime", "delete", "-1"), WINDOW)).containsExactly("partitions");
    }

    @Test
    void compactionInAnyFormIsRefused() {
        assertThat(settings(1, config("CreateTime", "compact", "-1"), WINDOW)).containsExactly("cleanup.policy");
        assertThat(settings(1, config("CreateTime", "compact,delete", "-1"), WINDOW)).containsExactly("cleanup.policy");
        assertThat(settings(1, config("CreateTime", "delete, delete", "-1"), WINDOW)).isEmpty();
    }

    @Test
    void retentionBelowTheMinimumIsRefusedOnlyWhenAMinimumIsGiven() {
        assertThat(settings(1, config("CreateTime", "delete", "29999"), WINDOW)).containsExactly("retention.ms");
        assertThat(settings(1, config("CreateTime", "delete", "30000"), WINDOW)).isEmpty();
        assertThat(settings(1, config("CreateTime", "delete", "1000"), Duration.ZERO)).isEmpty();
    }

    @Test
    void settingsKafkaDidNotReportCountAsViolated() {
        assertThat(settings(1, Map.of(), WINDOW))
                .containsExactly("message.timestamp.type", "cleanup.policy", "retention.ms");
    }

    @Test
    void everyViolationIsInTheOneLineDescription() {
        String line = ChangeTopicRules.describe("nostale.changes",
                ChangeTopicRules.violations(3, config("LogAppendTime", "compact", "-1"), WINDOW));

        assertThat(line).startsWith("change topic 'nostale.changes': partitions is 3, must be 1 (")
                .contains("; message.timestamp.type is LogAppendTime, must be CreateTime (")
                .contains("; cleanup.policy is compact, must be delete (")
                .doesNotContain("\n");
    }
}
