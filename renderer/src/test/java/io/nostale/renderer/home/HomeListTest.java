package io.nostale.renderer.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.home.HomeList.PendingRoom;
import java.util.List;
import org.junit.jupiter.api.Test;

class HomeListTest {

    private static PendingRoom pending(long requestId, long roomId, String title) {
        return new PendingRoom(new PendingRequest(requestId, roomId), new HomeRoom(roomId, title, 1));
    }

    @Test
    void rowsAreJoinedAndPendingRoomsSortedByTitleThenId() {
        HomeList list = HomeList.of(
                List.of(new HomeRoom(5, "Climbing", 3), new HomeRoom(2, "Book club", 1)),
                List.of(pending(10, 7, "Book club"), pending(11, 1, "Art")));

        assertThat(list.rows()).containsExactly(
                new HomeRow(1, "Art", false),
                new HomeRow(2, "Book club", true),
                new HomeRow(7, "Book club", false),
                new HomeRow(5, "Climbing", true));
        assertThat(list.rows()).extracting(HomeRow::status)
                .containsExactly("pending", "joined", "pending", "joined");
    }

    @Test
    void joinedWinsOverAPendingRequestForTheSameRoom() {
        HomeList list = HomeList.of(List.of(new HomeRoom(2, "Book club", 1)), List.of(pending(10, 2, "Book club")));

        assertThat(list.rows()).containsExactly(new HomeRow(2, "Book club", true));
        // the request stays in the model: the script needs it to drop it when it is decided
        assertThat(list.model().pending()).containsExactly(new PendingRequest(10, 2));
    }

    @Test
    void titlesCompareByCodeUnitLikeJavaScriptNotByLocale() {
        HomeList list = HomeList.of(List.of(new HomeRoom(1, "b", 1), new HomeRoom(2, "B", 1),
                new HomeRoom(3, "a", 1), new HomeRoom(4, "Ä", 1)), List.of());

        assertThat(list.rows()).extracting(HomeRow::roomId).containsExactly(2L, 3L, 1L, 4L);
    }

    @Test
    void modelListsJoinedPendingAndTheShownRoomsTitles() {
        HomeList list = HomeList.of(List.of(new HomeRoom(5, "Climbing", 3)), List.of(pending(11, 1, "Art")));

        assertThat(list.model().joined()).containsExactly(5L);
        assertThat(list.model().pending()).containsExactly(new PendingRequest(11, 1));
        assertThat(list.model().rooms()).containsOnlyKeys("1", "5");
        assertThat(list.model().rooms().get("5")).isEqualTo(new HomeModel.Title("Climbing", 3));
    }

    @Test
    void emptyHomeHasNoRows() {
        HomeList list = HomeList.of(List.of(), List.of());
        assertThat(list.rows()).isEmpty();
        assertThat(list.model().rooms()).isEmpty();
    }
}
