// home-view.js — draws the home page's rows into the server-rendered list, keeping its DOM shape:
//   <li class="room" data-room-id="ID" data-status="joined"><a class="room-title" href="/rooms/ID">TITLE</a></li>
//   <li class="room" data-room-id="ID" data-status="pending"><span class="room-title">TITLE</span> <span class="room-note">Waiting to be admitted</span></li>
// Elements are created and filled with textContent only: no HTML is ever built from data.

import { WAITING_TEXT } from './home-model.js';

export function createRow(doc, row) {
  const item = doc.createElement('li');
  item.className = 'room';
  item.setAttribute('data-room-id', String(row.roomId));
  item.setAttribute('data-status', row.status);
  if (row.status === 'joined') {
    const link = doc.createElement('a');
    link.className = 'room-title';
    link.setAttribute('href', `/rooms/${encodeURIComponent(String(row.roomId))}`);
    link.textContent = row.title;
    item.append(link);
  } else {
    const title = doc.createElement('span');
    title.className = 'room-title';
    title.textContent = row.title;
    const note = doc.createElement('span');
    note.className = 'room-note';
    note.textContent = WAITING_TEXT;
    item.append(title, doc.createTextNode(' '), note);
  }
  return item;
}

function showsRow(element, row) {
  const title = element.querySelector('.room-title');
  return element.getAttribute('data-status') === row.status && title !== null && title.textContent === row.title;
}

/**
 * Makes `list`'s children exactly `rows`, in order. Unchanged rows keep their element (focus and
 * references survive); changed ones are replaced; moved ones are moved. `emptyNote` shows when no rows.
 */
export function renderRows(list, emptyNote, rows) {
  const doc = list.ownerDocument;
  const existing = new Map();
  for (const element of [...list.children]) {
    existing.set(element.getAttribute('data-room-id'), element);
  }
  const wanted = rows.map((row) => {
    const key = String(row.roomId);
    const element = existing.get(key);
    if (element && showsRow(element, row)) {
      existing.delete(key);
      return element;
    }
    return createRow(doc, row);
  });
  for (const stale of existing.values()) {
    stale.remove();
  }
  wanted.forEach((element, index) => {
    if (list.children[index] !== element) {
      list.insertBefore(element, list.children[index] ?? null);
    }
  });
  if (emptyNote) {
    emptyNote.hidden = rows.length > 0;
  }
}
