package io.nostale.renderer.room;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;

/** Read-only values the room templates show. */
final class RoomViews {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RoomViews() {
    }

    /** A room in the {@code /rooms} list with the visitor's state. */
    record ListedRoom(long id, String title, String ownerName, JoinState state) {
        static final Comparator<ListedRoom> ORDER =
                Comparator.comparing(ListedRoom::title).thenComparingLong(ListedRoom::id);
    }

    record RoomHeader(long id, String title, long ownerId, String ownerName, long version) {
    }

    record Message(long id, String authorName, String body, Stamp createdAt) {
    }

    record Member(String displayName, boolean owner) {
    }

    record Request(long id, String userName, Stamp createdAt) {
    }

    /** A time as {@code <time datetime="{{iso}}">{{shown}}</time>}. */
    record Stamp(String iso, String shown) {
        static Stamp of(Instant instant) {
            return new Stamp(instant.toString(), SHOWN.format(instant));
        }
    }

    /** The JSON of {@code GET /api/rooms/{id}}. */
    record RoomTitle(long id, String title, long version) {
    }
}
