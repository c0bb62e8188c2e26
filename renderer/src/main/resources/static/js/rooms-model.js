// rooms-model.js — the /rooms directory as data, updated by change messages. No DOM here.
//
// State (the #nostale-model document the server rendered, see Directory.Model):
//   rooms    Map roomId -> {title, version, ownerId}; every chat_room change reaches this page
//   counts   Map roomId -> member count; other users' member rows arrive reduced to {room_id} (op kept), which
//            is all a count needs: the gateway delivers each change once, after the page's timepoint
//   joined   Set of room ids the user is a member of (own member rows arrive in full)
//   requests Map requestId -> {roomId, status, version} of the user's own requests, any status
// The visitor's state in a room: member if joined, else the status of their latest (highest id) request:
// pending / denied, anything else none. Rows are sorted by (title, id): the server's Directory does the same.

import { compareRows } from './home-model.js';

export const STATES = Object.freeze(['member', 'pending', 'denied', 'none']);

export class RoomsModel {
  constructor(userId, model = {}) {
    this.userId = Number(userId);
    this.rooms = new Map();
    this.counts = new Map();
    for (const [id, room] of Object.entries(model.rooms ?? {})) {
      this.rooms.set(Number(id), { title: String(room.title), version: Number(room.version), ownerId: Number(room.ownerId) });
      this.counts.set(Number(id), Number(room.members));
    }
    this.joined = new Set((model.joined ?? []).map(Number));
    this.requests = new Map((model.requests ?? []).map((r) => [Number(r.id),
      { roomId: Number(r.roomId), status: String(r.status), version: Number(r.version) }]));
  }

  /** Applies one change message ({table, op, before, after}); returns true when the rows may have changed. */
  apply(change) {
    const before = change.before ?? {};
    const after = change.after ?? {};
    switch (change.table) {
      case 'chat_room':
        return this.#applyRoom(change.op, before, after);
      case 'chat_room_member':
        return this.#applyMember(change.op, before, after);
      case 'chat_room_join_request':
        return this.#applyRequest(change.op, before, after);
      default:
        return false;
    }
  }

  /** The visitor's state in room `roomId`. */
  stateOf(roomId) {
    const id = Number(roomId);
    if (this.joined.has(id)) {
      return 'member';
    }
    let latest = null;
    for (const [requestId, request] of this.requests) {
      if (request.roomId === id && (latest === null || requestId > latest.id)) {
        latest = { id: requestId, status: request.status };
      }
    }
    return latest && (latest.status === 'pending' || latest.status === 'denied') ? latest.status : 'none';
  }

  /** The rows to display, sorted by (title, id). */
  rows() {
    return [...this.rooms].map(([roomId, room]) => ({
      roomId,
      title: room.title,
      ownerId: room.ownerId,
      memberCount: Math.max(0, this.counts.get(roomId) ?? 0),
      state: this.stateOf(roomId),
    })).sort(compareRows);
  }

  /** Owner ids of shown rooms, for names. */
  ownerIds() {
    return [...new Set([...this.rooms.values()].map((room) => room.ownerId))];
  }

  /** The server's #nostale-model shape (without names), for comparing with a fresh render. */
  toJSON() {
    const rooms = {};
    for (const id of [...this.rooms.keys()].sort((a, b) => a - b)) {
      rooms[String(id)] = { ...this.rooms.get(id), members: Math.max(0, this.counts.get(id) ?? 0) };
    }
    return {
      rooms,
      joined: [...this.joined].sort((a, b) => a - b),
      requests: [...this.requests].sort((a, b) => a[0] - b[0]).map(([id, r]) => ({ id, ...r })),
    };
  }

  #mine(row) {
    return row.user_id !== undefined && Number(row.user_id) === this.userId;
  }

  #applyRoom(op, before, after) {
    if (op === 'DELETE') {
      return this.rooms.delete(Number(before.id));
    }
    const id = Number(after.id);
    const known = this.rooms.get(id);
    if (after.title === undefined || (known && after.version !== undefined && known.version >= Number(after.version))) {
      return false; // never go back to an older row version
    }
    this.rooms.set(id, { title: String(after.title), version: Number(after.version ?? 0), ownerId: Number(after.owner_id) });
    return true;
  }

  #applyMember(op, before, after) {
    if (op !== 'INSERT' && before.room_id !== undefined) {
      const roomId = Number(before.room_id);
      this.counts.set(roomId, (this.counts.get(roomId) ?? 0) - 1);
      if (this.#mine(before)) {
        this.joined.delete(roomId);
      }
    }
    if (op !== 'DELETE' && after.room_id !== undefined) {
      const roomId = Number(after.room_id);
      this.counts.set(roomId, (this.counts.get(roomId) ?? 0) + 1);
      if (this.#mine(after)) {
        this.joined.add(roomId);
      }
    }
    return true;
  }

  #applyRequest(op, before, after) {
    let changed = false;
    if (op !== 'INSERT' && this.#mine(before) && !(op === 'UPDATE' && this.#mine(after))) {
      changed = this.requests.delete(Number(before.id)) || changed;
    }
    if (op !== 'DELETE' && this.#mine(after)) {
      const id = Number(after.id);
      const known = this.requests.get(id);
      if (known && after.version !== undefined && known.version >= Number(after.version)) {
        return changed;
      }
      this.requests.set(id, { roomId: Number(after.room_id), status: String(after.status), version: Number(after.version ?? 0) });
      changed = true;
    }
    return changed;
  }
}
