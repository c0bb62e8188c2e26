package io.nostale.pages;

import io.nostale.wire.ChangeEvent;

/** What a page's subscription does with one change it has not seen. */
public sealed interface Verdict {

    Verdict HIDE = new Hide();

    /** The page does not show this change, or its user may not see it. */
    record Hide() implements Verdict {
    }

    /** Deliver {@code shown}: the change itself or the part of it the user may see. */
    record Show(ChangeEvent shown) implements Verdict {
    }

    /**
     * Deliver {@code shown}, then end the subscription: this change altered what the user may see on the page
     * (admitted, left, ownership moved), so nothing after it may be judged with the page's old grants.
     */
    record ShowThenEnd(ChangeEvent shown, String why) implements Verdict {
    }

    static Verdict showIf(boolean shown, ChangeEvent change) {
        return shown ? new Show(change) : HIDE;
    }
}
