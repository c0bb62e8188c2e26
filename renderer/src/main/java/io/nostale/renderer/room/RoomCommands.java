package io.nostale.renderer.room;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The writes the pages make. Each is one short read-committed transaction; pages learn about them the same
 * way they learn about writes from outside tools: through the WAL.
 */
@Service
class RoomCommands {

    static final int MAX_MESSAGE_LENGTH = 4000;
    static final int MAX_TITLE_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    RoomCommands(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Creates a pending request unless the visitor is a member or already waiting. */
    void requestToJoin(long roomId, long userId) {
        inTransaction(() -> {
            requireRoom(roomId);
            // The partial unique index (one pending request per room and user) makes a repeat a no-op.
            return jdbc.update("""
                    INSERT INTO chat_room_join_request (room_id, user_id)
                    SELECT ?, ? WHERE NOT EXISTS
                        (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)
                    ON CONFLICT (room_id, user_id) WHERE status = 'pending' DO NOTHING""",
                    roomId, userId, roomId, userId);
        });
    }

    void leave(long roomId, long userId) {
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", roomId, userId);
    }

    void post(long roomId, long userId, String body) {
        String text = body.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "a message needs 1 to " + MAX_MESSAGE_LENGTH + " characters");
        }
        inTransaction(() -> {
            requireRoom(roomId);
            int inserted = jdbc.update("""
                    INSERT INTO chat_message (room_id, author_id, body)
                    SELECT ?, ?, ? WHERE EXISTS
                        (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)""",
                    roomId, userId, text, roomId, userId);
            if (inserted == 0) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only members may post in this room");
            }
            return inserted;
        });
    }

    /** Renames the room; only its owner may. */
    void rename(long roomId, long userId, String title) {
        String text = title.strip();
        if (text.isEmpty() || text.length() > MAX_TITLE_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "a room title needs 1 to " + MAX_TITLE_LENGTH + " characters");
        }
        inTransaction(() -> {
            Long ownerId = jdbc.query("SELECT owner_id FROM chat_room WHERE id = ? FOR UPDATE",
                    (rs, row) -> rs.getLong(1), roomId).stream().findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + roomId));
            if (ownerId != userId) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the room's owner may rename it");
            }
            // Renaming to the same title writes nothing: no version bump, no change for open pages.
            return jdbc.update("UPDATE chat_room SET title = ? WHERE id = ? AND title IS DISTINCT FROM ?",
                    text, roomId, text);
        });
    }

    /**
     * Admits a pending request: status, decision time and the member row in ONE transaction, so no reader
     * (and no change stream) ever sees an admitted request without its member or the reverse.
     * Deciding an already decided request changes nothing. Returns the request's room.
     */
    long admit(long requestId, long ownerId) {
        return inTransaction(() -> {
            LockedRequest request = lockForOwner(requestId, ownerId);
            if (request.pending()) {
                jdbc.update("UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?",
                        requestId);
                jdbc.update("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        request.roomId(), request.userId());
            }
            return request.roomId();
        });
    }

    /** Denies a pending request; returns its room. */
    long deny(long requestId, long ownerId) {
        return inTransaction(() -> {
            LockedRequest request = lockForOwner(requestId, ownerId);
            if (request.pending()) {
                jdbc.update("UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = ?",
                        requestId);
            }
            return request.roomId();
        });
    }

    private LockedRequest lockForOwner(long requestId, long ownerId) {
        // FOR UPDATE: two owners' tabs deciding at once serialize here instead of both deciding.
        List<LockedRequest> found = jdbc.query("""
                        SELECT q.room_id, q.user_id, q.status, r.owner_id
                          FROM chat_room_join_request q JOIN chat_room r ON r.id = q.room_id
                         WHERE q.id = ? FOR UPDATE OF q""",
                (rs, row) -> new LockedRequest(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)),
                requestId);
        if (found.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no join request " + requestId);
        }
        LockedRequest request = found.get(0);
        if (request.ownerId() != ownerId) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the room's owner may decide requests");
        }
        return request;
    }

    private void requireRoom(long roomId) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM chat_room WHERE id = ?)", Boolean.class,
                roomId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + roomId);
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return Objects.requireNonNull(transactions.execute(status -> work.get()));
    }

    private record LockedRequest(long roomId, long userId, String status, long ownerId) {
        boolean pending() {
            return "pending".equals(status);
        }
    }
}
