/**
 * Rooms: the list with "Request to join" ({@code /rooms}), a room's page with messages, members and the
 * owner's Admit/Deny ({@code /rooms/{id}}), and the room-title API the home script uses.
 */
@NullMarked
package io.nostale.renderer.room;

import org.jspecify.annotations.NullMarked;
