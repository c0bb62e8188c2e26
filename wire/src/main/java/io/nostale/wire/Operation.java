package io.nostale.wire;

/** What a captured change did to its row. */
public enum Operation {
    INSERT, UPDATE, DELETE
}
