package io.nostale.renderer.room;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/** Read-only values the room pages and their JSON endpoints are built from. */
final class RoomViews {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RoomViews() {
    }

    /** A room's header row: title with its row version, owner id and name. */
    record RoomHeader(long id, String title, long ownerId, String ownerName, long version) {
    }

    /** A message as read: {@code version} is the row version, for "never show an older body". */
    record MessageRow(long id, long authorId, String authorName, String body, Instant createdAt, long version) {
    }

    /** A member of the room. */
    record MemberRow(long userId, String displayName) {
        /**
         * {@code (displayName, userId)} by UTF-16 code units, exactly JavaScript's string {@code <}: the script
         * puts a member where a fresh render would (a database collation would not agree).
         */
        static final Comparator<MemberRow> ORDER =
                Comparator.comparing(MemberRow::displayName).thenComparingLong(MemberRow::userId);
    }

    /** A join request of the room with the requester's name. */
    record RequestRow(long id, long userId, String userName, String status, long version, Instant createdAt) {
        boolean pending() {
            return "pending".equals(status);
        }
    }

    /**
     * A time as {@code <time datetime="{{iso}}">{{shown}}</time>}: whole seconds in UTC, the form the script
     * produces from any ISO-8601 spelling of the same instant, so live rows equal rendered ones.
     */
    record Stamp(String iso, String shown) {
        static Stamp of(Instant instant) {
            return new Stamp(instant.truncatedTo(ChronoUnit.SECONDS).toString(), SHOWN.format(instant));
        }
    }

    /** The JSON of {@code GET /api/rooms/{id}}. */
    record RoomTitle(long id, String title, long version) {
    }
}
