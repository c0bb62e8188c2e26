package io.nostale.load.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/** The opening handshake of RFC 6455 section 4: the client's upgrade request and the check of the server's answer. */
public final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** An answer longer than this without its end is not a WebSocket server talking. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private Handshake() {
    }

    /** The GET upgrade request; {@code key} is the base64 of 16 random bytes. */
    public static byte[] request(String hostHeader, String path, String origin, String key) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: " + origin + "\r\n"
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    public static String key(byte[] sixteenRandomBytes) {
        if (sixteenRandomBytes.length != 16) {
            throw new IllegalArgumentException("a Sec-WebSocket-Key is 16 bytes");
        }
        return Base64.getEncoder().encodeToString(sixteenRandomBytes);
    }

    /** What the server must answer in {@code Sec-WebSocket-Accept}: base64(SHA-1(key + GUID)). */
    public static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /**
     * Judges the first {@code length} bytes the server sent. Bytes after the header's blank line already belong to
     * the frame stream; {@link Answer.Upgraded#headerBytes()} says where they start.
     */
    public static Answer parse(byte[] bytes, int length, String expectedAccept) {
        int end = headerEnd(bytes, length);
        if (end < 0) {
            return length > MAX_RESPONSE_BYTES
                    ? new Answer.Invalid("no end of the HTTP header within " + MAX_RESPONSE_BYTES + " bytes")
                    : new Answer.Incomplete();
        }
        String[] lines = new String(bytes, 0, end - 4, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            return new Answer.Invalid("not an HTTP status line: " + shorten(lines[0]));
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            return new Answer.Invalid("not an HTTP status line: " + shorten(lines[0]));
        }
        if (code != 101) {
            return new Answer.Refused(code, shorten(lines[0]));
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                default -> {
                    // other headers do not matter to the handshake
                }
            }
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return new Answer.Invalid("101 without Upgrade: websocket");
        }
        if (connection == null || !hasToken(connection, "upgrade")) {
            return new Answer.Invalid("101 without Connection: Upgrade");
        }
        if (!expectedAccept.equals(accept)) {
            return new Answer.Invalid("Sec-WebSocket-Accept " + accept + " does not answer our key");
        }
        return new Answer.Upgraded(end);
    }

    private static boolean hasToken(String headerValue, String token) {
        for (String part : headerValue.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Index just past the first CRLFCRLF, or -1. */
    private static int headerEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** The server's answer to the upgrade request. */
    public sealed interface Answer {

        /** Not all of the header has arrived. */
        record Incomplete() implements Answer {
        }

        /** 101 with the right accept value; frames start at {@code headerBytes}. */
        record Upgraded(int headerBytes) implements Answer {
        }

        /** A well-formed HTTP answer other than 101 (403 for a wrong Origin, 503 while starting, ...). */
        record Refused(int status, String statusLine) implements Answer {
        }

        /** Not a valid upgrade answer. */
        record Invalid(String why) implements Answer {
        }
    }
}
