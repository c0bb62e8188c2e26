package io.nostale.load.check;

/** The live pages the gateway serves. */
public enum PageKind {
    HOME,
    ROOMS,
    ROOM;

    /** Lower-case name for reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
