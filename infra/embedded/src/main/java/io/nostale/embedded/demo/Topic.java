package io.nostale.embedded.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a demo room is about: the titles an owner may rename it to (the first is the demo data's) and what
 * people say in it. A room whose title is none of these (made by a person trying the product) is
 * {@link #GENERAL}: small talk only, and never renamed, since its title is someone's choice.
 */
enum Topic {

    BOOKS(List.of("Book club", "Readers' corner", "Book club: sci-fi month"), List.of(
            "Finished chapter twelve last night, no spoilers!",
            "Anyone else think the ending was rushed?",
            "Can we pick something shorter next month?",
            "I can host the next meeting, tea and biscuits provided.",
            "Found a second-hand copy for two euros.",
            "The audiobook narrator is excellent.",
            "Whoever suggested this one: thank you.",
            "Voting for next month's book is open until Sunday.")),
    CLIMBING(List.of("Climbing", "Bouldering crew", "Climbing & bouldering"), List.of(
            "Anyone up for the wall on Thursday?",
            "My forearms are still sore from Tuesday.",
            "The new blue route on the overhang is brutal.",
            "Lost a chalk bag near the lockers, grey with a red zip.",
            "Outdoor trip on Saturday if the rock is dry.",
            "Can someone lend me a belay device this week?",
            "Finally sent the project I was stuck on!",
            "Warm-up at six, then the top-rope wall.")),
    JAZZ(List.of("Jazz nights", "Late-night jazz", "Jazz & blues nights"), List.of(
            "The sax player last Friday was incredible.",
            "Jam session at ten, bring your instrument.",
            "Tickets for the quartet go on sale on Monday.",
            "Anyone have a playlist for a rainy Sunday?",
            "The Blue Door has a new piano, finally in tune.",
            "Doors at eight, music at nine.",
            "Can someone save me a seat near the stage?",
            "Kind of Blue on vinyl for the listening night.")),
    GARDEN(List.of("Garden swap", "Seed exchange", "Garden & seed swap"), List.of(
            "Swapping courgette plants for basil, anyone?",
            "The first strawberries are ripe!",
            "Who wants rhubarb? I have far too much.",
            "Frost tonight, cover your seedlings.",
            "I'll bring fig cuttings on Saturday.",
            "Does anyone have a spare watering can?",
            "Compost workshop next weekend, 10am.",
            "My tomatoes finally turned red.")),
    GAMES(List.of("Retro games", "Arcade evenings", "Retro games night"), List.of(
            "New high score on Galaga: 84,300. Beat that.",
            "Found a boxed SNES at the flea market!",
            "Who has a spare link cable?",
            "Two-player Street Fighter at mine on Friday.",
            "The CRT is fixed, the colours look perfect now.",
            "Mario Kart 64 tournament, sign up here.",
            "Where do you get cartridges cleaned?",
            "Bringing snacks and the Mega Drive.")),
    GENERAL(List.of(), List.of(
            "Hi all, glad to be here!",
            "Sounds good to me.",
            "Count me in.",
            "What time works for everyone?",
            "Thanks for organising this!",
            "I'll be a few minutes late.",
            "See you all next week.",
            "Great idea, let's do it."));

    /** How often a topic room gets small talk instead of an on-topic line. */
    static final double SMALL_TALK = 0.25;

    private final List<String> titles;
    private final List<String> lines;

    Topic(List<String> titles, List<String> lines) {
        this.titles = titles;
        this.lines = lines;
    }

    static Topic of(String title) {
        return Arrays.stream(values()).filter(t -> t.titles.contains(title)).findFirst().orElse(GENERAL);
    }

    /** The titles this room may be renamed to: its topic's others. Empty for a room of {@link #GENERAL}. */
    List<String> renamesOf(String title) {
        return titles.stream().filter(t -> !t.equals(title)).toList();
    }

    /**
     * A message for this topic that is none of {@code recent} (the room's newest messages, newest first), so
     * nobody repeats what was just said; at least never the newest one, should all lines be recent.
     */
    String line(Random random, List<String> recent) {
        List<String> pool = this == GENERAL || random.nextDouble() < SMALL_TALK ? GENERAL.lines : lines;
        List<String> fresh = pool.stream().filter(l -> !recent.contains(l)).toList();
        if (fresh.isEmpty()) {
            fresh = pool.stream().filter(l -> !l.equals(recent.get(0))).toList();
        }
        return fresh.get(random.nextInt(fresh.size()));
    }

    List<String> lines() {
        return lines;
    }
}
