/**
 * Form login against {@code app_user} (BCrypt) with login rate limiting ({@link io.nostale.renderer.security.LoginThrottle}),
 * sessions, CSRF and the security headers of every page.
 */
@NullMarked
package io.nostale.renderer.security;

import org.jspecify.annotations.NullMarked;
