package io.nostale.renderer.home;

/** The user's pending join request {@code id} for room {@code roomId}. */
record PendingRequest(long id, long roomId) {
}
