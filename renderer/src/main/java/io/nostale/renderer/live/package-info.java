/**
 * What makes a rendered page live: the signed subscription token, the gateway address and the JSON blocks
 * ({@code #nostale-live}, {@code #nostale-model}) the browser script reads.
 */
@NullMarked
package io.nostale.renderer.live;

import org.jspecify.annotations.NullMarked;
