package io.nostale.renderer.home;

/** A room as the home page knows it; {@code version} is the row version the title was read at. */
record HomeRoom(long id, String title, long version) {
}
