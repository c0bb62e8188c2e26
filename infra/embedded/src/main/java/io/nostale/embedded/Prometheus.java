package io.nostale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a service's {@code /actuator/prometheus} (on its management port), read the way Prometheus reads it:
 * for tests that check what a service reports, not what its meter registry holds in memory.
 */
public final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One line of the text format: name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private Prometheus(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** {@code GET http://localhost:<managementPort>/actuator/prometheus}; fails unless it answers 200. */
    public static Prometheus scrape(int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + answer.statusCode());
            }
            return parse(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + request.uri(), e);
        }
    }

    public static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int brace = trimmed.indexOf('{');
            int space = trimmed.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = trimmed.substring(0, brace);
                int close = trimmed.lastIndexOf('}');
                for (String pair : splitLabels(trimmed.substring(brace + 1, close))) {
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq).strip(), unquote(pair.substring(eq + 1).strip()));
                }
            } else {
                name = trimmed.substring(0, space);
            }
            samples.add(new Sample(name, Map.copyOf(labels), parseValue(trimmed.substring(space + 1))));
        }
        return new Prometheus(text, List.copyOf(samples));
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels} (name, value, ...). */
    public OptionalDouble find(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(wanted.entrySet())).toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(matching.size() + " samples match " + name + wanted + ": " + matching);
        }
        return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
    }

    /** Like {@link #find}, but the sample must be there. */
    public double value(String name, String... labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " "
                + List.of(labels) + " in the scrape:\n" + text));
    }

    public List<Sample> samples() {
        return samples;
    }

    public String text() {
        return text;
    }

    private static List<String> splitLabels(String body) {
        List<String> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && quoted && i + 1 < body.length()) {
                current.append(c).append(body.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                if (!current.toString().isBlank()) {
                    pairs.add(current.toString());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            pairs.add(current.toString());
        }
        return pairs;
    }

    private static String unquote(String quoted) {
        String inner = quoted.startsWith("\"") && quoted.endsWith("\"") ? quoted.substring(1, quoted.length() - 1) : quoted;
        return inner.replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
