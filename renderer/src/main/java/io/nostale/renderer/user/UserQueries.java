package io.nostale.renderer.user;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Who may see whose display name. */
@Repository
class UserQueries {

    /**
     * The display name of {@code targetId} if {@code viewerId} may see it: themselves; someone sharing a room with
     * them; someone who asked to join a room they own; an owner of any room ({@code /rooms} names every owner);
     * the author of a message in a room they are a member of (authors may have left since).
     */
    private static final String VISIBLE = """
            SELECT u.display_name FROM app_user u
             WHERE u.id = ?
               AND (u.id = ?
                    OR EXISTS (SELECT 1 FROM chat_room_member mine JOIN chat_room_member theirs
                                 ON theirs.room_id = mine.room_id
                                WHERE mine.user_id = ? AND theirs.user_id = u.id)
                    OR EXISTS (SELECT 1 FROM chat_room_join_request q JOIN chat_room r ON r.id = q.room_id
                                WHERE r.owner_id = ? AND q.user_id = u.id)
                    OR EXISTS (SELECT 1 FROM chat_room r WHERE r.owner_id = u.id)
                    OR EXISTS (SELECT 1 FROM chat_room_member mine JOIN chat_message m ON m.room_id = mine.room_id
                                WHERE mine.user_id = ? AND m.author_id = u.id))""";

    private final JdbcTemplate jdbc;

    UserQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> visibleName(long viewerId, long targetId) {
        return jdbc.queryForList(VISIBLE, String.class, targetId, viewerId, viewerId, viewerId, viewerId)
                .stream().findFirst();
    }
}
