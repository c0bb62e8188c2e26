/**
 * Reading a page's data at one exact timepoint: one {@code REPEATABLE READ READ ONLY} transaction whose
 * first statement captures the snapshot, the WAL position and the database clock.
 */
@NullMarked
package io.nostale.renderer.snapshot;

import org.jspecify.annotations.NullMarked;
