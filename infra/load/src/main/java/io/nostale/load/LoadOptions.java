package io.nostale.load;

import io.nostale.load.workload.PageMix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The driver's options, from {@code -Dload.*} system properties, each with a default; validated before anything
 * starts so that a typo fails in a second, not after the product started.
 */
public record LoadOptions(
        List<Integer> steps,
        String gatewayJars,
        PageMix mix,
        int clubs,
        int openConcurrency,
        int timepointBatch,
        int fanoutFrames,
        int fanoutSeconds,
        int privateRate,
        int publicRate,
        int mixedSeconds,
        int stormStep,
        int stormSeconds,
        int catchUpTimeout,
        int finalChangeTimeout,
        int writers,
        int selectors,
        int sourceAddresses,
        int prefill,
        Path outDir,
        Path plotsDir,
        boolean serviceOutput) {

    /** One option: property name, default, meaning. */
    record Option(String name, String defaultValue, String meaning) {
    }

    static final List<Option> OPTIONS = List.of(
            new Option("load.steps", "1000,5000,10000,15000", "open pages per step, ascending; sockets stay open from step to step"),
            new Option("load.gatewayJars", "", "[label=]path,... gateway exec jars run one after the other (default: this checkout's)"),
            new Option("load.mix", "home:4,rooms:2,own-room:2,club-room:2", "pages per user by kind (at most 10 per user)"),
            new Option("load.clubs", "16", "club rooms (each user is a member of one; public renames go to them)"),
            new Option("load.openConcurrency", "200", "pages connecting and not yet caught up, at most, while opening"),
            new Option("load.timepointBatch", "50", "pages opened with one timepoint"),
            new Option("load.fanoutFrames", "150000", "fan-out phase: offered change frames/s (public rate = this / home and directory pages)"),
            new Option("load.fanoutSeconds", "10", "fan-out phase: seconds of writing"),
            new Option("load.privateRate", "1000", "mixed phase and storm: private changes/s"),
            new Option("load.publicRate", "5", "mixed phase: public changes/s"),
            new Option("load.mixedSeconds", "20", "mixed phase: seconds measured"),
            new Option("load.stormStep", "10000", "the step with the reconnect storm (0: none)"),
            new Option("load.stormSeconds", "120", "storm: longest wait for every page to be caught up again after the kill"),
            new Option("load.catchUpTimeout", "600", "seconds for all pages of a step to be caught up"),
            new Option("load.finalChangeTimeout", "120", "waiting for a phase's final change: give up after this many seconds without any change frame"),
            new Option("load.writers", "8", "JDBC writer threads for private changes"),
            new Option("load.selectors", "2", "selector (reactor) threads for all sockets"),
            new Option("load.sourceAddresses", "8", "local addresses 127.0.0.2 ... the sockets bind to in turn"),
            new Option("load.prefill", "50000", "messages written before the baseline to fill the gateway's in-memory log (its capacity)"),
            new Option("load.outDir", "infra/load/target/load", "JSON and CSV results (relative to the checkout)"),
            new Option("load.plotsDir", "", "PNG plots (default: the results directory)"),
            new Option("load.serviceOutput", "false", "also print the services' output (it is always in their log files)"));

    /** Reads and validates the options; {@code projectDir} anchors relative paths. */
    public static LoadOptions from(Map<String, String> properties, Path projectDir) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            v.put(option.name(), properties.getOrDefault(option.name(), option.defaultValue()).trim());
        }
        for (String name : properties.keySet()) {
            if (name.startsWith("load.") && OPTIONS.stream().noneMatch(o -> o.name().equals(name))) {
                throw new IllegalArgumentException("unknown option -D" + name + "; known: " + names());
            }
        }
        List<Integer> steps = steps(v.get("load.steps"));
        PageMix mix = parse("load.mix", v, PageMix::parse);
        Path outDir = projectDir.resolve(v.get("load.outDir")).normalize();
        String plots = v.get("load.plotsDir");
        LoadOptions options = new LoadOptions(steps, v.get("load.gatewayJars"), mix,
                positive("load.clubs", v, 1, 1000),
                positive("load.openConcurrency", v, 1, 100_000),
                positive("load.timepointBatch", v, 1, 10_000),
                positive("load.fanoutFrames", v, 1, 100_000_000),
                positive("load.fanoutSeconds", v, 1, 600),
                positive("load.privateRate", v, 1, 100_000),
                positive("load.publicRate", v, 1, 100_000),
                positive("load.mixedSeconds", v, 1, 3600),
                positive("load.stormStep", v, 0, 1_000_000),
                positive("load.stormSeconds", v, 1, 3600),
                positive("load.catchUpTimeout", v, 1, 36_000),
                positive("load.finalChangeTimeout", v, 1, 3600),
                positive("load.writers", v, 1, 64),
                positive("load.selectors", v, 1, 64),
                positive("load.sourceAddresses", v, 1, 250),
                positive("load.prefill", v, 0, 10_000_000),
                outDir,
                plots.isEmpty() ? outDir : projectDir.resolve(plots).normalize(),
                bool("load.serviceOutput", v));
        return options;
    }

    /** Things worth saying about a valid combination of options. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (stormStep > 0 && !steps.contains(stormStep)) {
            notes.add("load.stormStep " + stormStep + " is not one of the steps: no reconnect storm in this run");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (heap < 2L * 1024 * 1024 * 1024 && maxPages() > 5_000) {
            notes.add("the driver's heap is " + heap / (1024 * 1024) + " MB; for " + maxPages()
                    + " pages give it more: MAVEN_OPTS=-Xmx4g");
        }
        return notes;
    }

    /** The last step: how many pages the run holds at most. */
    public int maxPages() {
        return steps.get(steps.size() - 1);
    }

    public boolean stormAt(int step) {
        return stormStep > 0 && step == stormStep;
    }

    /** Every option with its value, and whether it was set or defaulted, for the start of the output. */
    public String describe(Map<String, String> properties) {
        StringBuilder out = new StringBuilder("Load driver options:\n");
        Map<String, Object> values = values();
        for (Option option : OPTIONS) {
            boolean set = properties.containsKey(option.name());
            out.append(String.format("  -D%-22s = %-40s %s%n", option.name(), values.get(option.name()),
                    set ? "(set)" : "(default) " + option.meaning()));
        }
        return out.toString();
    }

    public static String usage() {
        StringBuilder out = new StringBuilder("Options (system properties):\n");
        for (Option option : OPTIONS) {
            out.append(String.format("  -D%s=%s  %s%n", option.name(), option.defaultValue(), option.meaning()));
        }
        return out.toString();
    }

    private Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("load.steps", String.join(",", steps.stream().map(String::valueOf).toList()));
        values.put("load.gatewayJars", gatewayJars.isEmpty() ? "(this checkout's gateway)" : gatewayJars);
        values.put("load.mix", mix);
        values.put("load.clubs", clubs);
        values.put("load.openConcurrency", openConcurrency);
        values.put("load.timepointBatch", timepointBatch);
        values.put("load.fanoutFrames", fanoutFrames);
        values.put("load.fanoutSeconds", fanoutSeconds);
        values.put("load.privateRate", privateRate);
        values.put("load.publicRate", publicRate);
        values.put("load.mixedSeconds", mixedSeconds);
        values.put("load.stormStep", stormStep);
        values.put("load.stormSeconds", stormSeconds);
        values.put("load.catchUpTimeout", catchUpTimeout);
        values.put("load.finalChangeTimeout", finalChangeTimeout);
        values.put("load.writers", writers);
        values.put("load.selectors", selectors);
        values.put("load.sourceAddresses", sourceAddresses);
        values.put("load.prefill", prefill);
        values.put("load.outDir", outDir);
        values.put("load.plotsDir", plotsDir);
        values.put("load.serviceOutput", serviceOutput);
        return values;
    }

    private static List<Integer> steps(String text) {
        List<Integer> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            int step;
            try {
                step = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("load.steps must be numbers separated by commas, got '" + text + "'");
            }
            if (step < 1 || step > 100_000) {
                throw new IllegalArgumentException("load.steps: each step is 1 to 100000 pages, got " + step);
            }
            if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
                throw new IllegalArgumentException("load.steps must grow (sockets are kept open and added to), got " + text);
            }
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    private static int positive(String name, Map<String, String> v, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(v.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v.get(name) + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static boolean bool(String name, Map<String, String> v) {
        return switch (v.get(name)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + v.get(name) + "'");
        };
    }

    private static <T> T parse(String name, Map<String, String> v, Function<String, T> parser) {
        try {
            return parser.apply(v.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static String names() {
        return String.join(", ", OPTIONS.stream().map(Option::name).toList());
    }
}
