package io.nostale.embedded;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Creates the schema (tables, functions, triggers, publication) in the empty database of a freshly initialized
 * cluster, the first half of restoring a logical backup; {@link EmbeddedStack#restorePostgresAsNewCluster} then
 * copies the rows. The embedded PostgreSQL has no {@code pg_dump} of its own version, so the caller brings the DDL
 * (the renderer's migrations, for nostale).
 */
@FunctionalInterface
public interface SchemaRestore {

    void create(Connection emptyDatabase) throws SQLException;
}
