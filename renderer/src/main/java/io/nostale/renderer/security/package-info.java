/** Form login against {@code app_user} (BCrypt), sessions, CSRF and the security headers of every page. */
@NullMarked
package io.nostale.renderer.security;

import org.jspecify.annotations.NullMarked;
