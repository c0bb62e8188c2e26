// home-model.js — the home page's room list as data, updated by change messages. No DOM here.
//
// State (the #nostale-model document the server rendered):
//   joined  Set of room ids the user is a member of
//   pending Map requestId -> roomId of the user's pending join requests
//   rooms   Map roomId -> {title, version} for every room shown so far. A room that leaves the list keeps
//           its title: every chat_room change reaches this page, so the title stays current, and a request
//           admitted (request update, then member insert) never loses its row between the two changes.
// Rows = joined ∪ rooms of pending requests, one per room (joined wins), sorted by (title, id): the server's
// HomeList computes the same, so after writes stop the page equals a fresh render.

export const WAITING_TEXT = 'Waiting to be admitted';

/** (title, id); titles by UTF-16 code units like Java's String.compareTo, not by locale. */
export function compareRows(a, b) {
  if (a.title < b.title) {
    return -1;
  }
  if (a.title > b.title) {
    return 1;
  }
  return a.roomId - b.roomId;
}

export class HomeModel {
  /** `model` is the #nostale-model document; `userId` the signed-in user (changes for others are ignored). */
  constructor(userId, model = {}) {
    this.userId = userId;
    this.joined = new Set((model.joined ?? []).map(Number));
    this.pending = new Map((model.pending ?? []).map((p) => [Number(p.id), Number(p.roomId)]));
    this.rooms = new Map(Object.entries(model.rooms ?? {})
      .map(([id, room]) => [Number(id), { title: String(room.title), version: Number(room.version) }]));
  }

  /** Applies one change message ({table, op, before, after}); returns true when the rows may have changed. */
  apply(change) {
    const before = change.before ?? {};
    const after = change.after ?? {};
    let changed;
    switch (change.table) {
      case 'chat_room_join_request':
        changed = this.#applyRequest(change.op, before, after);
        break;
      case 'chat_room_member':
        changed = this.#applyMember(change.op, before, after);
        break;
      case 'chat_room':
        changed = this.#applyRoom(change.op, before, after);
        break;
      default:
        return false;
    }
    return changed;
  }

  /**
   * A title learned outside the stream (GET /api/rooms/{id}); kept only if newer and the room is shown. (A room
   * not shown receives no renames here until it is known, so its fetched title could already be outdated.)
   */
  learnRoom(roomId, title, version) {
    const id = Number(roomId);
    if (!this.shownRoomIds().has(id)) {
      return false;
    }
    return this.#setTitle(id, title, version);
  }

  /** Room ids that belong in the list, whether or not their title is known yet. */
  shownRoomIds() {
    const ids = new Set(this.joined);
    for (const roomId of this.pending.values()) {
      ids.add(roomId);
    }
    return ids;
  }

  /** Shown rooms whose title the page still has to fetch. */
  missingTitles() {
    return [...this.shownRoomIds()].filter((id) => !this.rooms.has(id)).sort((a, b) => a - b);
  }

  /** The rows to display, sorted; a room whose title is not known yet waits for it. */
  rows() {
    const rows = [];
    for (const roomId of this.shownRoomIds()) {
      const room = this.rooms.get(roomId);
      if (room) {
        rows.push({ roomId, title: room.title, status: this.joined.has(roomId) ? 'joined' : 'pending' });
      }
    }
    return rows.sort(compareRows);
  }

  /** The server's #nostale-model shape (shown rooms only), for comparing with a fresh render. */
  toJSON() {
    const rooms = {};
    const shown = this.shownRoomIds();
    for (const id of [...this.rooms.keys()].filter((id) => shown.has(id)).sort((a, b) => a - b)) {
      rooms[String(id)] = { ...this.rooms.get(id) };
    }
    return {
      joined: [...this.joined].sort((a, b) => a - b),
      pending: [...this.pending].sort((a, b) => a[0] - b[0]).map(([id, roomId]) => ({ id, roomId })),
      rooms,
    };
  }

  #mine(row) {
    return row.user_id !== undefined && Number(row.user_id) === this.userId;
  }

  #applyRequest(op, before, after) {
    let changed = false;
    if (op !== 'INSERT' && this.#mine(before)) {
      changed = this.pending.delete(Number(before.id)) || changed;
    }
    if (op !== 'DELETE' && this.#mine(after)) {
      if (after.status === 'pending') {
        const id = Number(after.id);
        const roomId = Number(after.room_id);
        changed = this.pending.get(id) !== roomId || changed;
        this.pending.set(id, roomId);
      } else {
        changed = this.pending.delete(Number(after.id)) || changed;
      }
    }
    return changed;
  }

  #applyMember(op, before, after) {
    let changed = false;
    if (op !== 'INSERT' && this.#mine(before)) {
      changed = this.joined.delete(Number(before.room_id)) || changed;
    }
    if (op !== 'DELETE' && this.#mine(after)) {
      const roomId = Number(after.room_id);
      changed = !this.joined.has(roomId) || changed;
      this.joined.add(roomId);
    }
    return changed;
  }

  #applyRoom(op, before, after) {
    if (op === 'DELETE') {
      const id = Number(before.id);
      let changed = this.rooms.delete(id);
      changed = this.joined.delete(id) || changed;
      for (const [requestId, roomId] of [...this.pending]) {
        if (roomId === id) {
          changed = this.pending.delete(requestId) || changed;
        }
      }
      return changed;
    }
    const id = Number(after.id);
    if (!(this.rooms.has(id) || this.shownRoomIds().has(id)) || after.title === undefined
        || after.version === undefined) {
      return false;
    }
    return this.#setTitle(id, after.title, after.version);
  }

  #setTitle(id, title, version) {
    const known = this.rooms.get(id);
    if (known && known.version >= Number(version)) {
      return false; // never go back to an older title
    }
    this.rooms.set(id, { title: String(title), version: Number(version) });
    return !known || known.title !== String(title);
  }
}
