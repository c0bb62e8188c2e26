/**
 * The renderer: Spring MVC + Mustache pages whose data is read inside one snapshot transaction
 * ({@link io.nostale.renderer.snapshot.SnapshotReader}) and that embed the timepoint and a signed
 * subscription token for the gateway ({@link io.nostale.renderer.live.LivePage}).
 */
@NullMarked
package io.nostale.renderer;

import org.jspecify.annotations.NullMarked;
