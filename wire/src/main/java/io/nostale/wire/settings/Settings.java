package io.nostale.wire.settings;

import java.time.Duration;

/** Durations and sizes written the way the settings take them ({@code 500ms}, {@code 20s}, {@code 1MB}). */
public final class Settings {

    private static final long KB = 1024;

    private Settings() {
    }

    /** In the largest unit that states it exactly: {@code 24h}, {@code 90s}, {@code 1500ms}, {@code 0s}. */
    public static String duration(Duration value) {
        if (value.isZero()) {
            return "0s";
        }
        if (value.getNano() % 1_000_000 != 0) {
            return value.toNanos() + "ns";
        }
        long millis = value.toMillis();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    /** In the largest binary unit that states it exactly: {@code 1MB}, {@code 16KB}, {@code 132096B}. */
    public static String bytes(long value) {
        String[] units = {"GB", "MB", "KB"};
        long[] sizes = {KB * KB * KB, KB * KB, KB};
        for (int i = 0; i < sizes.length; i++) {
            if (value != 0 && value % sizes[i] == 0) {
                return value / sizes[i] + units[i];
            }
        }
        return value + "B";
    }
}
