package io.nostale.load.check;

/**
 * The three kinds of row change the driver commits, with what decides who may see them. The workload never
 * changes a membership or an owner, so none of them alters a page's grants.
 */
public sealed interface WorkloadChange {

    /** {@code UPDATE chat_room SET title} of room {@code roomId}: public. */
    record TitleChanged(long roomId) implements WorkloadChange {
    }

    /** {@code UPDATE chat_room_join_request} of {@code userId}'s request to room {@code roomId}. */
    record RequestUpdated(long userId, long roomId) implements WorkloadChange {
    }

    /** {@code INSERT INTO chat_message} in room {@code roomId}. */
    record MessagePosted(long roomId) implements WorkloadChange {
    }
}
