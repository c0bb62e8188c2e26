/**
 * What the readiness probe says about the renderer: ready only while its database answers (docs/operations.md).
 */
@NullMarked
package io.nostale.renderer.health;

import org.jspecify.annotations.NullMarked;
