package io.nostale.embedded.demo;

/** One short line per change for the launcher's console, so the person knows what to look for. */
final class Narrator {

    private Narrator() {
    }

    static String describe(Action action, World world) {
        String actor = world.username(action.actorId());
        String room = "'" + world.title(action.roomId()) + "'";
        if (action instanceof Action.RequestToJoin) {
            return actor + " asked to join " + room;
        }
        if (action instanceof Action.Admit admit) {
            return actor + " admitted " + world.username(admit.userId()) + " to " + room;
        }
        if (action instanceof Action.Deny deny) {
            return actor + " denied " + world.username(deny.userId()) + "'s request to join " + room;
        }
        if (action instanceof Action.Post post) {
            return actor + " in " + room + ": " + post.body();
        }
        if (action instanceof Action.Leave) {
            return actor + " left " + room;
        }
        if (action instanceof Action.Rename rename) {
            return actor + " renamed " + room + " to '" + rename.newTitle() + "'";
        }
        throw new IllegalArgumentException("unknown action " + action);
    }
}
