package io.nostale.embedded.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void knowsTheDemoRoomsByAnyOfTheirTitles() {
        assertThat(Topic.of("Book club")).isEqualTo(Topic.BOOKS);
        assertThat(Topic.of("Readers' corner")).isEqualTo(Topic.BOOKS);
        assertThat(Topic.of("Late-night jazz")).isEqualTo(Topic.JAZZ);
        assertThat(Topic.of("Retro games")).isEqualTo(Topic.GAMES);
        assertThat(Topic.of("Somebody's room")).isEqualTo(Topic.GENERAL);
    }

    @Test
    void renamesToTheOtherTitlesOfTheTopicButNeverARoomOfSomeoneElsesChoice() {
        assertThat(Topic.BOOKS.renamesOf("Book club")).containsExactly("Readers' corner", "Book club: sci-fi month");
        assertThat(Topic.GENERAL.renamesOf("Somebody's room")).isEmpty();
    }

    @Test
    void neverRepeatsTheNewestMessagesAndSpeaksBothOnTopicAndSmallTalk() {
        Random random = new Random(9);
        Set<String> said = new HashSet<>();
        LinkedList<String> recent = new LinkedList<>(List.of(Topic.GARDEN.lines().get(0)));
        for (int i = 0; i < 1_000; i++) {
            String line = Topic.GARDEN.line(random, recent);
            assertThat(line).isNotIn(recent).isNotBlank();
            said.add(line);
            recent.addFirst(line);
            if (recent.size() > World.RECENT_MESSAGES) {
                recent.removeLast();
            }
        }
        assertThat(said).containsAll(Topic.GARDEN.lines()).containsAll(Topic.GENERAL.lines());
    }

    @Test
    void whenEveryLineWasSaidRecentlyAtLeastNotTheNewestOne() {
        List<String> all = Topic.GENERAL.lines();
        for (int seed = 0; seed < 50; seed++) {
            assertThat(Topic.GENERAL.line(new Random(seed), all)).isIn(all).isNotEqualTo(all.get(0));
        }
    }

    @Test
    void everyTopicHasEnoughDistinctLinesAndEveryDemoRoomTwoUnsharedRenames() {
        for (Topic topic : Topic.values()) {
            assertThat(topic.lines()).as("%s", topic).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
        }
        Set<String> renames = new HashSet<>();
        for (String demoTitle : List.of("Book club", "Climbing", "Jazz nights", "Garden swap", "Retro games")) {
            assertThat(Topic.of(demoTitle)).isNotEqualTo(Topic.GENERAL);
            assertThat(Topic.of(demoTitle).renamesOf(demoTitle)).hasSize(2)
                    .allSatisfy(t -> assertThat(renames.add(t)).as("%s used twice", t).isTrue());
        }
    }
}
