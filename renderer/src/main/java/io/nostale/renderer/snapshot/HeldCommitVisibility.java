package io.nostale.renderer.snapshot;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a renderer whose database role cannot see other sessions' wait events. Without
 * {@code pg_read_all_stats} (or superuser) PostgreSQL hides {@code wait_event} of other roles' sessions, so
 * {@link SnapshotReader} would find no commit held by a synchronous standby and a page could miss such a change
 * silently. Checked once at start, where the migrations also need the database.
 */
@Component
class HeldCommitVisibility {

    static final String QUERY = "SELECT current_user, rolsuper OR pg_has_role(current_user, 'pg_read_all_stats',"
            + " 'USAGE') FROM pg_roles WHERE rolname = current_user";

    HeldCommitVisibility(JdbcTemplate jdbc) {
        check(jdbc);
    }

    static void check(JdbcTemplate jdbc) {
        jdbc.query(QUERY, rs -> {
            if (!rs.getBoolean(2)) {
                String role = rs.getString(1);
                throw new IllegalStateException("the renderer's database role \"" + role + "\" cannot see other"
                        + " sessions' wait events, so a commit held by a synchronous standby would go unnoticed:"
                        + " GRANT pg_read_all_stats TO \"" + role + "\" (docs/timepoint.md, \"Held commits\")");
            }
        });
    }
}
