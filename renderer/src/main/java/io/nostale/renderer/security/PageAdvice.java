package io.nostale.renderer.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every template the signed-in user ({@code user.displayName}) and the CSRF field
 * ({@code csrf.parameterName}, {@code csrf.token}) as plain values, so templates never reach into
 * framework objects.
 */
@ControllerAdvice
class PageAdvice {

    @ModelAttribute
    void common(@AuthenticationPrincipal @Nullable AppUser user, @Nullable CsrfToken csrf, Model model) {
        if (user != null) {
            model.addAttribute("user", new Viewer(user.id(), user.getUsername(), user.displayName()));
        }
        if (csrf != null) {
            model.addAttribute("csrf", new CsrfField(csrf.getParameterName(), csrf.getToken()));
        }
    }

    record Viewer(long id, String username, String displayName) {
    }

    record CsrfField(String parameterName, String token) {
    }
}
