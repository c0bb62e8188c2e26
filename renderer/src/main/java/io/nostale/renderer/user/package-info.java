/**
 * Display names for page scripts ({@code GET /api/users/{id}}), answered only for users the requester may see.
 */
@NullMarked
package io.nostale.renderer.user;

import org.jspecify.annotations.NullMarked;
