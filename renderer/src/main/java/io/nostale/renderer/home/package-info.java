/**
 * The user home page {@code /}: joined rooms plus rooms with a pending join request, sorted by
 * {@code (title, id)}, read at one timepoint and kept live by {@code static/js/home.js}.
 */
@NullMarked
package io.nostale.renderer.home;

import org.jspecify.annotations.NullMarked;
