package io.nostale.embedded.demo;

/** One change a visitor makes; each is written in one transaction by {@link DemoWrites}. */
sealed interface Action {

    enum Kind { REQUEST, ADMIT, DENY, POST, LEAVE, RENAME }

    Kind kind();

    /** The user this change is made as; never the person trying the product. */
    long actorId();

    long roomId();

    /** A visitor asks to join a room they are not in and not already waiting for. */
    record RequestToJoin(long userId, long roomId) implements Action {
        public Kind kind() {
            return Kind.REQUEST;
        }

        public long actorId() {
            return userId;
        }
    }

    /** The room's owner admits a pending request: status admitted and the member row, together. */
    record Admit(long ownerId, long requestId, long roomId, long userId) implements Action {
        public Kind kind() {
            return Kind.ADMIT;
        }

        public long actorId() {
            return ownerId;
        }
    }

    /** The room's owner denies a pending request. */
    record Deny(long ownerId, long requestId, long roomId, long userId) implements Action {
        public Kind kind() {
            return Kind.DENY;
        }

        public long actorId() {
            return ownerId;
        }
    }

    /** A member posts a message. */
    record Post(long authorId, long roomId, String body) implements Action {
        public Kind kind() {
            return Kind.POST;
        }

        public long actorId() {
            return authorId;
        }
    }

    /** A member who does not own the room leaves it. */
    record Leave(long userId, long roomId) implements Action {
        public Kind kind() {
            return Kind.LEAVE;
        }

        public long actorId() {
            return userId;
        }
    }

    /** The owner renames the room; {@code oldTitle} guards against renaming over someone else's rename. */
    record Rename(long ownerId, long roomId, String oldTitle, String newTitle) implements Action {
        public Kind kind() {
            return Kind.RENAME;
        }

        public long actorId() {
            return ownerId;
        }
    }
}
