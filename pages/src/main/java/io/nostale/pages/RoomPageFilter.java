package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One room's page ({@code room:R}) for one user, with the grants the renderer found in the page's snapshot:
 * everyone sees the room's row and their own requests and membership; members also see messages and members;
 * the owner also sees every request to the room.
 *
 * <p>Grants are fixed for the subscription's life. The first change that alters them (the user's member row
 * inserted or deleted, ownership moved to or from the user) is shown and then ends the subscription: the page
 * re-renders with its new access, and no change after that commit is ever judged with the old grants. A message
 * written by the same transaction after the removal statement is therefore never delivered.
 */
record RoomPageFilter(long userId, long roomId, Set<PageGrant> grants) implements PageFilter {

    RoomPageFilter {
        grants = Set.copyOf(grants);
    }

    @Override
    public Verdict judge(ChangeEvent change) {
        if (!inRoom(change)) {
            return Verdict.HIDE;
        }
        boolean shown = switch (change.table()) {
            case "chat_room" -> true;
            case "chat_room_join_request" -> grants.contains(PageGrant.OWNER) || isMine(change);
            case "chat_room_member" -> grants.contains(PageGrant.MEMBER) || isMine(change);
            case "chat_message" -> grants.contains(PageGrant.MEMBER);
            default -> false;
        };
        if (!shown) {
            return Verdict.HIDE;
        }
        Set<PageGrant> after = grantsAfter(change);
        return after.equals(grants)
                ? new Verdict.Show(change)
                : new Verdict.ShowThenEnd(change, "access to room " + roomId + " changed from " + describe(grants)
                        + " to " + describe(after) + " at " + change.position());
    }

    /** A visitor's page shows no messages (members only), so a truncate of them leaves it alone. */
    @Override
    public boolean reads(String table) {
        return switch (table) {
            case "chat_room", "chat_room_join_request", "chat_room_member" -> true;
            case "chat_message" -> grants.contains(PageGrant.MEMBER);
            default -> false;
        };
    }

    @Override
    public List<Interest> interests() {
        return List.of(Interest.room(roomId));
    }

    @Override
    public boolean needsResumeProof() {
        return true;
    }

    private boolean inRoom(ChangeEvent change) {
        String column = "chat_room".equals(change.table()) ? "id" : "room_id";
        return Rows.has(change.before(), column, roomId) || Rows.has(change.after(), column, roomId);
    }

    private boolean isMine(ChangeEvent change) {
        return Rows.has(change.before(), "user_id", userId) || Rows.has(change.after(), "user_id", userId);
    }

    private Set<PageGrant> grantsAfter(ChangeEvent change) {
        EnumSet<PageGrant> after = grants.isEmpty() ? EnumSet.noneOf(PageGrant.class) : EnumSet.copyOf(grants);
        switch (change.table()) {
            case "chat_room_member" -> {
                if (mineInRoom(change.after(), "user_id")) {
                    after.add(PageGrant.MEMBER);
                } else if (mineInRoom(change.before(), "user_id")) {
                    after.remove(PageGrant.MEMBER);
                }
            }
            case "chat_room" -> {
                boolean owner = change.op() != Operation.DELETE && Rows.has(change.after(), "id", roomId)
                        && Rows.has(change.after(), "owner_id", userId);
                if (owner) {
                    after.add(PageGrant.OWNER);
                } else {
                    after.remove(PageGrant.OWNER);
                }
            }
            default -> {
                // requests and messages never change what the user may see
            }
        }
        return after;
    }

    private boolean mineInRoom(java.util.Map<String, Object> row, String userColumn) {
        return Rows.has(row, "room_id", roomId) && Rows.has(row, userColumn, userId);
    }

    private static String describe(Set<PageGrant> grants) {
        return grants.isEmpty() ? "visitor" : PageGrant.format(grants);
    }
}
