package io.nostale.load.check;

/**
 * One page's result for one phase.
 *
 * @param expected   changes the oracle says the page must receive (under its latest timepoint)
 * @param delivered  of those, how many arrived (once or more)
 * @param missed     expected but never arrived
 * @param twice      extra arrivals of a change that had already arrived on this page
 * @param outOfOrder change frames whose offset was not above the page's previous change frame
 * @param unexpected arrivals the page must not get: not shown to it, already in its snapshot, or none of the
 *                   driver's commits (an authorization or visibility bug)
 * @param late       changes of an earlier phase arriving after that phase was checked
 * @param fenced     the phase's final change reached the page
 */
public record PageOutcome(int expected, int delivered, int missed, int twice, int outOfOrder, int unexpected, int late,
                          boolean fenced) {

    public boolean clean() {
        return missed == 0 && twice == 0 && outOfOrder == 0 && unexpected == 0 && late == 0;
    }
}
