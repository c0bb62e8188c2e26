package io.nostale.gateway.protocol;

import io.nostale.wire.MalformedValueException;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionTokens;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's first frame, parsed strictly: {@code {"type":"subscribe","token":..,"timepoint":..,"resume"?:{..}}}.
 * Unknown fields are refused so that a typo never silently drops the resume point.
 */
public record SubscribeRequest(String token, String timepoint, Optional<ResumePoint> resume) {

    /**
     * The largest subscribe frame a real page sends, in bytes (all of it is ASCII): a token of at most
     * {@link SubscriptionTokens#MAX_TOKEN_LENGTH} characters, the timepoint, which the token carries too and so is no
     * longer, and a resume point of two 64-character fields, an offset and a position, with the JSON around them in
     * well under 1 KiB. {@code max-frame-bytes} may not be set below it.
     */
    public static final int LARGEST_FRAME_BYTES = 2 * SubscriptionTokens.MAX_TOKEN_LENGTH + 1024;

    private static final Set<String> FIELDS = Set.of("type", "token", "timepoint", "resume");
    private static final Set<String> RESUME_FIELDS = Set.of("stream", "offset", "position", "proof");

    public static SubscribeRequest parse(JsonMapper json, String frame) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JacksonException e) {
            throw new MalformedValueException("frame is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedValueException("frame must be a JSON object");
        }
        requireOnly(root, FIELDS, "subscribe");
        if (!"subscribe".equals(text(root, "type"))) {
            throw new MalformedValueException("first frame must be {\"type\":\"subscribe\",...}");
        }
        return new SubscribeRequest(text(root, "token"), text(root, "timepoint"), resume(root.get("resume")));
    }

    private static Optional<ResumePoint> resume(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new MalformedValueException("resume must be an object");
        }
        requireOnly(node, RESUME_FIELDS, "resume");
        JsonNode offset = node.get("offset");
        if (offset == null || !offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < -1) {
            throw new MalformedValueException("resume.offset must be an integer >= -1");
        }
        String stream = text(node, "stream");
        if (stream.length() > 64) {
            throw new MalformedValueException("resume.stream is too long");
        }
        Optional<String> proof = node.has("proof") ? Optional.of(text(node, "proof")) : Optional.empty();
        if (proof.isPresent() && proof.get().length() > 64) {
            throw new MalformedValueException("resume.proof is too long");
        }
        return Optional.of(new ResumePoint(stream, offset.asLong(), StreamPosition.parse(text(node, "position")), proof));
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new MalformedValueException("unknown field in " + what + ": " + (name.length() > 40 ? name.substring(0, 40) : name));
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedValueException(field + " must be a string");
        }
        return value.asString();
    }
}
