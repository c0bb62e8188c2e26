package io.nostale.load.check;

/** The sum of {@link PageOutcome}s of one page kind; {@code pagesWithProblems} counts pages not clean. */
public record KindTotals(String kind, int pages, long expected, long delivered, long missed, long twice, long outOfOrder,
                         long unexpected, long late, int notFenced, int pagesWithProblems) {

    static KindTotals empty(String kind) {
        return new KindTotals(kind, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    KindTotals plus(PageOutcome o) {
        return new KindTotals(kind, pages + 1, expected + o.expected(), delivered + o.delivered(), missed + o.missed(),
                twice + o.twice(), outOfOrder + o.outOfOrder(), unexpected + o.unexpected(), late + o.late(),
                notFenced + (o.fenced() ? 0 : 1), pagesWithProblems + (o.clean() ? 0 : 1));
    }

    KindTotals plus(KindTotals o) {
        return new KindTotals(kind, pages + o.pages, expected + o.expected, delivered + o.delivered, missed + o.missed,
                twice + o.twice, outOfOrder + o.outOfOrder, unexpected + o.unexpected, late + o.late,
                notFenced + o.notFenced, pagesWithProblems + o.pagesWithProblems);
    }

    public boolean clean() {
        return missed == 0 && twice == 0 && outOfOrder == 0 && unexpected == 0 && late == 0;
    }
}
