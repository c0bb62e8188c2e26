package io.nostale.embedded.demo;

/** What one step of the visitors came to. */
sealed interface Step {

    /** The change was committed. */
    record Applied(Action action, String description) implements Step {
    }

    /** Nothing was written: the change no longer applied when it was written (someone changed the rows first). */
    record Skipped(String description) implements Step {
    }

    /** The change met a conflict (a constraint, a serialization failure, a deadlock) and was rolled back. */
    record Conflict(String description, String reason) implements Step {
    }

    /** No change was possible in this world (e.g. no rooms yet). */
    record Idle() implements Step {
    }

    /** The database could not be reached or answered with an error; the next step connects again. */
    record Unavailable(String reason) implements Step {
    }
}
