package io.nostale.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the change topic must be for the stream to mean what the relay and the gateway assume, checked against the
 * topic as Kafka describes it (not as it was meant to be created): an operator may have created it, or changed it.
 * <ul>
 *   <li>exactly one partition: its order is the commit order, and one offset names a place in the stream;</li>
 *   <li>{@code message.timestamp.type=CreateTime}: a record's timestamp is the commit time the relay gave it, which
 *       the gateway's time index finds a page's replay start by ({@code LogAppendTime} would replace it with the
 *       broker's arrival time, so replays after a relay backlog would start after changes the page never saw);</li>
 *   <li>{@code cleanup.policy=delete}: compaction would remove older changes of a row that pages still replay;</li>
 *   <li>{@code retention.ms} unlimited or at least the caller's minimum (the gateway's visibility window: a replay
 *       starts that far before a page's read).</li>
 * </ul>
 */
public final class ChangeTopicRules {

    public static final String PARTITIONS = "partitions";
    public static final String TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";

    /** The topic settings these rules read: what to ask Kafka's {@code describeConfigs} for. */
    public static final List<String> CONFIGS = List.of(TIMESTAMP_TYPE, CLEANUP_POLICY, RETENTION_MS);

    /** One topic setting that is not what the stream needs. */
    public record Violation(String setting, String found, String needed, String why) {

        /** {@code message.timestamp.type is LogAppendTime, must be CreateTime (why)}. */
        public String describe() {
            return setting + " is " + found + ", must be " + needed + " (" + why + ")";
        }
    }

    private ChangeTopicRules() {
    }

    /**
     * The violations of a topic with {@code partitions} partitions and these topic configs (as described by Kafka,
     * defaults included); {@code minimumRetention} zero checks no retention.
     */
    public static List<Violation> violations(int partitions, Map<String, String> config, Duration minimumRetention) {
        List<Violation> found = new ArrayList<>();
        if (partitions != 1) {
            found.add(new Violation(PARTITIONS, Integer.toString(partitions), "1",
                    "the partition's order is the stream's commit order"));
        }
        String timestamps = config.get(TIMESTAMP_TYPE);
        if (!"CreateTime".equals(timestamps)) {
            found.add(new Violation(TIMESTAMP_TYPE, String.valueOf(timestamps), "CreateTime",
                    "record timestamps are commit times, which replays are started by"));
        }
        String cleanup = config.get(CLEANUP_POLICY);
        if (!policies(cleanup).equals(List.of("delete"))) {
            found.add(new Violation(CLEANUP_POLICY, String.valueOf(cleanup), "delete",
                    "compaction removes older changes of a row that pages still replay"));
        }
        retention(config.get(RETENTION_MS), minimumRetention).ifPresent(found::add);
        return List.copyOf(found);
    }

    /** One line for a log or an exception: {@code change topic 'x': partitions is 2, must be 1 (...); ...}. */
    public static String describe(String topic, List<Violation> violations) {
        return "change topic '" + topic + "': "
                + violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
    }

    private static List<String> policies(String cleanup) {
        return cleanup == null ? List.of()
                : Arrays.stream(cleanup.split(",")).map(String::trim).filter(p -> !p.isEmpty()).distinct().toList();
    }

    private static Optional<Violation> retention(String value, Duration minimum) {
        if (minimum.isZero()) {
            return Optional.empty();
        }
        long millis;
        try {
            millis = Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            millis = 0; // unreadable: reported below as what it is
        }
        if (millis < 0 || millis >= minimum.toMillis()) {
            return Optional.empty(); // negative: unlimited
        }
        return Optional.of(new Violation(RETENTION_MS, String.valueOf(value),
                "-1 or at least " + minimum.toMillis(), "a page's replay starts the gateway's visibility-window before its read"));
    }
}
