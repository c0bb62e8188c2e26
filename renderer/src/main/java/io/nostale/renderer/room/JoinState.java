package io.nostale.renderer.room;

import java.util.Optional;

/** Where the visitor stands with a room. */
enum JoinState {
    MEMBER, PENDING, DENIED, NONE;

    /** Membership wins; otherwise the status of the visitor's latest request ("admitted" then leaving = none). */
    static JoinState of(boolean member, Optional<String> latestRequestStatus) {
        if (member) {
            return MEMBER;
        }
        return switch (latestRequestStatus.orElse("")) {
            case "pending" -> PENDING;
            case "denied" -> DENIED;
            default -> NONE;
        };
    }

    boolean member() {
        return this == MEMBER;
    }

    boolean pending() {
        return this == PENDING;
    }

    boolean denied() {
        return this == DENIED;
    }

    /** Members and visitors already waiting have nothing to ask for. */
    boolean mayRequest() {
        return this == DENIED || this == NONE;
    }

    String attribute() {
        return name().toLowerCase();
    }
}
