package io.nostale.wire;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the page's user was allowed to see of the page's subject at the page's timepoint, as the renderer found it
 * in the same snapshot as the page data. Only room pages carry grants: {@code room:42} with {@code member} shows
 * messages and members, with {@code owner} the pending requests. The gateway starts from these and ends the
 * subscription (resync {@code access-changed}) at the first change that alters them.
 */
public enum PageGrant {
    MEMBER,
    OWNER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Comma-separated wire names in declaration order; empty for no grants. */
    public static String format(Set<PageGrant> grants) {
        StringBuilder text = new StringBuilder();
        for (PageGrant grant : values()) {
            if (grants.contains(grant)) {
                text.append(text.isEmpty() ? "" : ",").append(grant.wireName());
            }
        }
        return text.toString();
    }

    /** Strict inverse of {@link #format}: canonical order, no repeats, no blanks. */
    public static Set<PageGrant> parse(String text) {
        EnumSet<PageGrant> grants = EnumSet.noneOf(PageGrant.class);
        if (text.isEmpty()) {
            return grants;
        }
        for (String name : text.split(",", -1)) {
            PageGrant grant = switch (name) {
                case "member" -> MEMBER;
                case "owner" -> OWNER;
                default -> throw new MalformedValueException("unknown grant " + Texts.quote(name));
            };
            grants.add(grant);
        }
        if (!format(grants).equals(text)) {
            throw new MalformedValueException("grants must be distinct and in canonical order: " + Texts.quote(text));
        }
        return grants;
    }
}
