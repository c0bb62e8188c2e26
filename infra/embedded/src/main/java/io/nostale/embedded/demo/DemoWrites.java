package io.nostale.embedded.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The visitors' writes: plain SQL, one short READ COMMITTED transaction per change, as an outside tool would
 * write. Each statement re-checks what the picker saw (the person may have changed it meanwhile) and changes
 * nothing if it no longer holds, so a change is never made on stale assumptions and never breaks a constraint of
 * The data model's rule: admitting sets the status and inserts the member row in one transaction; a user has at most
 * one
 * pending request per room.
 */
final class DemoWrites {

    /** The extra visitors beside bob and carol: demo users like them, password {@code demo}, so they can log in. */
    static final List<Visitor> EXTRA_VISITORS = List.of(
            new Visitor("dave", "Dave Dubois"),
            new Visitor("erin", "Erin Evans"),
            new Visitor("frank", "Frank Fischer"));

    /** BCrypt (cost 10) of "demo", the same hash the renderer's demo data gives alice, bob and carol. */
    static final String DEMO_PASSWORD_HASH = "$2a$10$WT5Jyi.Nhr7dc57fkxCzGexp/s3tG3RqE0UyKekVy3C6X81m/cmLy";

    record Visitor(String username, String displayName) {
    }

    private DemoWrites() {
    }

    /** Creates the extra visitors that do not exist yet; an existing user of that name is left as it is. */
    static void ensureVisitors(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO app_user (username, display_name, password_hash) VALUES (?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")) {
            for (Visitor v : EXTRA_VISITORS) {
                s.setString(1, v.username());
                s.setString(2, v.displayName());
                s.setString(3, DEMO_PASSWORD_HASH);
                s.addBatch();
            }
            s.executeBatch();
        }
        c.commit();
    }

    /**
     * Makes the change in one transaction and commits it. False when it no longer applies (then nothing was
     * written); a {@link SQLException} leaves the transaction open for the caller to roll back.
     */
    static boolean apply(Connection c, Action action) throws SQLException {
        boolean applied = write(c, action);
        c.commit();
        return applied;
    }

    private static boolean write(Connection c, Action action) throws SQLException {
        if (action instanceof Action.RequestToJoin a) {
            return update(c, """
                    INSERT INTO chat_room_join_request (room_id, user_id)
                    SELECT ?, ? WHERE EXISTS (SELECT 1 FROM chat_room WHERE id = ?)
                      AND NOT EXISTS (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)
                    ON CONFLICT (room_id, user_id) WHERE status = 'pending' DO NOTHING""",
                    a.roomId(), a.userId(), a.roomId(), a.roomId(), a.userId()) == 1;
        }
        if (action instanceof Action.Admit a) {
            if (!lockPending(c, a.requestId(), a.ownerId(), a.roomId(), a.userId())) {
                return false;
            }
            update(c, "UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?",
                    a.requestId());
            update(c, "INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    a.roomId(), a.userId());
            return true;
        }
        if (action instanceof Action.Deny a) {
            if (!lockPending(c, a.requestId(), a.ownerId(), a.roomId(), a.userId())) {
                return false;
            }
            update(c, "UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = ?",
                    a.requestId());
            return true;
        }
        if (action instanceof Action.Post a) {
            return update(c, """
                    INSERT INTO chat_message (room_id, author_id, body)
                    SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)""",
                    a.roomId(), a.authorId(), a.body(), a.roomId(), a.authorId()) == 1;
        }
        if (action instanceof Action.Leave a) {
            return update(c, """
                    DELETE FROM chat_room_member m WHERE m.room_id = ? AND m.user_id = ?
                       AND NOT EXISTS (SELECT 1 FROM chat_room r WHERE r.id = m.room_id AND r.owner_id = m.user_id)""",
                    a.roomId(), a.userId()) == 1;
        }
        if (action instanceof Action.Rename a) {
            return update(c, "UPDATE chat_room SET title = ? WHERE id = ? AND owner_id = ? AND title = ?",
                    a.newTitle(), a.roomId(), a.ownerId(), a.oldTitle()) == 1;
        }
        throw new IllegalArgumentException("unknown action " + action);
    }

    /**
     * Locks the request if it is still pending, still for that user and room, and the actor still owns the room.
     * FOR UPDATE makes a concurrent decision (the person's own tab, psql) wait or win, never both decide.
     */
    private static boolean lockPending(Connection c, long requestId, long ownerId, long roomId, long userId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT 1 FROM chat_room_join_request q JOIN chat_room r ON r.id = q.room_id
                 WHERE q.id = ? AND q.status = 'pending' AND q.room_id = ? AND q.user_id = ? AND r.owner_id = ?
                 FOR UPDATE OF q""")) {
            bind(s, requestId, roomId, userId, ownerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
