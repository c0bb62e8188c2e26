package io.nostale.renderer.user;

import io.nostale.renderer.security.AppUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/users/{id}}: {@code {"id":..,"displayName":".."}} for a user the requester may see, otherwise
 * 404 (the same answer as for no such user, so the endpoint does not reveal who exists). The room scripts ask for
 * the names of authors, members, requesters and owners that reach them through changes.
 */
@RestController
class UserApiController {

    private final UserQueries queries;

    UserApiController(UserQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/users/{id}")
    UserName user(@AuthenticationPrincipal AppUser viewer, @PathVariable long id) {
        return queries.visibleName(viewer.id(), id)
                .map(name -> new UserName(id, name))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no visible user " + id));
    }

    record UserName(long id, String displayName) {
    }
}
