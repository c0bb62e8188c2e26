// room-model.js — one room's page as data, updated by change messages and "load older" fetches. No DOM here.
//
// State (the #nostale-model document the server rendered, see RoomPage.Model):
//   room      {id, title, version, ownerId}; renames and owner changes arrive as chat_room changes
//   member, owner  the page's grants as rendered. They never change for the life of a page: the gateway ends the
//             stream with resync access-changed at the first change that alters them, and the page is re-rendered
//   members   Set of member user ids (delivered to members only; a visitor sees only their own member row)
//   requests  Map requestId -> {id, userId, status, version, createdAt}: all of the room's if owner, else own
//   entries   Map messageId -> {version, message | null}: the newest version known of every message the page
//             heard of, from the render, the stream or a fetch. null = gone (deleted: version Infinity; moved
//             to another room: that row version). A version never replaces a newer one, whatever its source.
//   floor     messages with id >= floor are loaded (shown); older ones are known only if a change or fetch
//             brought them: an update of a message not loaded yet is kept and merged when "load older" reaches it
// Messages are shown oldest first (by id), like the server's ORDER BY id.

export const UNKNOWN_NAME = '…';

/** Titles and names by UTF-16 code units, then id: Java's String.compareTo, as the server sorts. */
export function compareNamed(a, b) {
  if (a.name < b.name) {
    return -1;
  }
  if (a.name > b.name) {
    return 1;
  }
  return a.userId - b.userId;
}

export class RoomModel {
  constructor(userId, model = {}) {
    this.userId = Number(userId);
    const room = model.room ?? {};
    this.room = { id: Number(room.id), title: String(room.title ?? ''), version: Number(room.version ?? 0),
      ownerId: Number(room.ownerId) };
    this.member = Boolean(model.member);
    this.owner = Boolean(model.owner);
    this.deleted = false;
    this.members = new Set((model.members ?? []).map(Number));
    this.requests = new Map();
    for (const r of model.requests ?? []) {
      this.requests.set(Number(r.id), { id: Number(r.id), userId: Number(r.userId), status: String(r.status),
        version: Number(r.version), createdAt: String(r.createdAt) });
    }
    this.entries = new Map();
    this.floor = 0;
    for (const m of model.messages ?? []) {
      this.#learnMessage(fromJson(m));
    }
    this.hasOlder = Boolean(model.hasOlder);
    this.floor = this.hasOlder && this.entries.size > 0 ? Math.min(...this.entries.keys()) : 0;
  }

  /** Applies one change message ({table, op, before, after}); returns true when what the page shows may change. */
  apply(change) {
    const before = change.before ?? {};
    const after = change.after ?? {};
    const op = change.op;
    const here = (row) => row.room_id !== undefined && Number(row.room_id) === this.room.id;
    switch (change.table) {
      case 'chat_room':
        return this.#applyRoom(op, before, after);
      case 'chat_room_member':
        return this.#applyMember(op, before, after, here);
      case 'chat_room_join_request':
        return this.#applyRequest(op, before, after, here);
      case 'chat_message':
        return this.#applyMessage(op, before, after, here);
      default:
        return false;
    }
  }

  /** The id "load older" asks for messages before; meaningful while hasOlder. */
  olderCursor() {
    return this.floor;
  }

  /**
   * Merges an answer of GET /api/rooms/{id}/messages?before=`before` ({messages, hasOlder}). An answer for another
   * cursor (a second click, a stale response) is ignored. Returns true when applied.
   */
  mergeOlder(before, answer) {
    if (!this.hasOlder || Number(before) !== this.floor) {
      return false;
    }
    const messages = (answer.messages ?? []).map(fromJson);
    for (const message of messages) {
      this.#learnMessage(message);
    }
    this.hasOlder = Boolean(answer.hasOlder) && messages.length > 0;
    this.floor = this.hasOlder ? Math.min(...messages.map((m) => m.id)) : 0;
    return true;
  }

  /** Loaded messages, oldest first: {id, authorId, body, createdAt, version}. */
  messages() {
    const shown = [];
    for (const [id, entry] of this.entries) {
      if (entry.message && id >= this.floor) {
        shown.push({ ...entry.message, version: entry.version });
      }
    }
    return shown.sort((a, b) => a.id - b.id);
  }

  /** Members whose names are known, sorted by (name, id); `names` maps user id -> name or null. */
  memberRows(names) {
    const rows = [];
    for (const userId of this.members) {
      const name = names(userId);
      if (name !== null) {
        rows.push({ userId, name, owner: userId === this.room.ownerId });
      }
    }
    return rows.sort(compareNamed);
  }

  /** The owner's view: pending requests, oldest first. Others see none. */
  pendingRequests() {
    if (!this.owner) {
      return [];
    }
    return [...this.requests.values()].filter((r) => r.status === 'pending').sort((a, b) => a.id - b.id);
  }

  /** The visitor's own state: member, or their latest request's pending / denied, else none. */
  joinState() {
    if (this.members.has(this.userId)) {
      return 'member';
    }
    let latest = null;
    for (const request of this.requests.values()) {
      if (request.userId === this.userId && (latest === null || request.id > latest.id)) {
        latest = request;
      }
    }
    return latest && (latest.status === 'pending' || latest.status === 'denied') ? latest.status : 'none';
  }

  /** Everyone the page names: owner, members, loaded messages' authors, pending requesters. */
  userIds() {
    const ids = new Set([this.room.ownerId, ...this.members]);
    for (const message of this.messages()) {
      ids.add(message.authorId);
    }
    for (const request of this.pendingRequests()) {
      ids.add(request.userId);
    }
    return [...ids];
  }

  /** The server's #nostale-model shape (without names), for comparing with a fresh render. */
  toJSON() {
    const requests = [...this.requests.values()]
      .filter((r) => r.userId === this.userId || (this.owner && r.status === 'pending'))
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ id: r.id, userId: r.userId, status: r.status, version: r.version }));
    return {
      room: { ...this.room },
      member: this.member,
      owner: this.owner,
      members: [...this.members].sort((a, b) => a - b),
      requests,
      messages: this.messages().map((m) => ({ id: m.id, authorId: m.authorId, body: m.body, version: m.version })),
      hasOlder: this.hasOlder,
    };
  }

  #applyRoom(op, before, after) {
    if (op === 'DELETE') {
      if (Number(before.id) !== this.room.id) {
        return false;
      }
      this.deleted = true;
      return true;
    }
    if (Number(after.id) !== this.room.id || after.title === undefined
        || (after.version !== undefined && this.room.version >= Number(after.version))) {
      return false; // another room, or not newer than what the page shows
    }
    this.room = { id: this.room.id, title: String(after.title), version: Number(after.version ?? this.room.version),
      ownerId: after.owner_id === undefined ? this.room.ownerId : Number(after.owner_id) };
    return true;
  }

  #applyMember(op, before, after, here) {
    let changed = false;
    if (op !== 'INSERT' && here(before)) {
      changed = this.members.delete(Number(before.user_id)) || changed;
    }
    if (op !== 'DELETE' && here(after)) {
      const userId = Number(after.user_id);
      changed = !this.members.has(userId) || changed;
      this.members.add(userId);
    }
    return changed;
  }

  #applyRequest(op, before, after, here) {
    let changed = false;
    if (op !== 'INSERT' && here(before) && (op === 'DELETE' || !here(after))) {
      changed = this.requests.delete(Number(before.id)) || changed;
    }
    if (op !== 'DELETE' && here(after)) {
      const id = Number(after.id);
      const version = Number(after.version ?? 0);
      const known = this.requests.get(id);
      if (!known || known.version < version) {
        this.requests.set(id, { id, userId: Number(after.user_id), status: String(after.status), version,
          createdAt: String(after.created_at) });
        changed = true;
      }
    }
    return changed;
  }

  #applyMessage(op, before, after, here) {
    if (op !== 'DELETE' && here(after)) {
      return this.#learnMessage(fromRow(after));
    }
    if (op !== 'INSERT' && here(before)) {
      // deleted for good, or moved to another room at that row version (it may come back later, newer)
      const version = op === 'DELETE' ? Infinity : Number(after.version ?? Infinity);
      return this.#forget(Number(before.id), version);
    }
    return false;
  }

  #learnMessage(message) {
    const known = this.entries.get(message.id);
    if (known && known.version >= message.version) {
      return false; // never show an older body than one the page had
    }
    this.entries.set(message.id, { version: message.version, message });
    return message.id >= this.floor;
  }

  #forget(id, version) {
    const known = this.entries.get(id);
    if (known && known.version >= version) {
      return false;
    }
    this.entries.set(id, { version, message: null });
    return Boolean(known?.message) && id >= this.floor;
  }
}

/** A message as the stream carries it (snake_case row). */
function fromRow(row) {
  return { id: Number(row.id), authorId: Number(row.author_id), body: String(row.body),
    createdAt: String(row.created_at), version: Number(row.version ?? 0) };
}

/** A message as the page model and the messages endpoint carry it (camelCase). */
function fromJson(m) {
  return { id: Number(m.id), authorId: Number(m.authorId), body: String(m.body), createdAt: String(m.createdAt),
    version: Number(m.version ?? 0) };
}
