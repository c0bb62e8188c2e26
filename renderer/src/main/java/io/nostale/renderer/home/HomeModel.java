package io.nostale.renderer.home;

import java.util.List;
import java.util.Map;

/**
 * The {@code #nostale-model} document of the home page, the script's starting state:
 * {@code {"joined":[roomId...],"pending":[{"id":requestId,"roomId":..}...],"rooms":{"<roomId>":{"title":"..","version":N}}}}.
 * {@code rooms} holds exactly the rooms shown.
 */
record HomeModel(List<Long> joined, List<PendingRequest> pending, Map<String, Title> rooms) {

    record Title(String title, long version) {
    }
}
