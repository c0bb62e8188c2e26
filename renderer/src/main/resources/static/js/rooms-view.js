// rooms-view.js — draws the /rooms directory into the server-rendered list, keeping the template's DOM:
//   <li class="room" id="room-ID" data-room-id="ID" data-state="STATE" data-member-count="N">
//     <a class="room-title" href="/rooms/ID">TITLE</a><span class="owner">by NAME</span>
//     <span class="member-count">N members</span>[state note][Request to join form]</li>

import { el, postForm, renderKeyed } from './page-kit.js';

export const UNKNOWN_NAME = '…';

const NOTES = {
  member: ['room-note ok', 'Member'],
  pending: ['room-note', 'Waiting to be admitted'],
  denied: ['room-note bad', 'Your last request was denied'],
};

export function memberCountText(count) {
  return count === 1 ? '1 member' : `${count} members`;
}

/** `row` is a RoomsModel row plus `ownerName` (null while unknown). */
export function createRoomRow(doc, csrf, row) {
  const id = String(row.roomId);
  const item = el(doc, 'li', { class: 'room', id: `room-${id}`, 'data-room-id': id, 'data-state': row.state,
    'data-member-count': String(row.memberCount) },
  el(doc, 'a', { class: 'room-title', href: `/rooms/${encodeURIComponent(id)}` }, row.title),
  el(doc, 'span', { class: 'owner' }, `by ${row.ownerName ?? UNKNOWN_NAME}`),
  el(doc, 'span', { class: 'member-count' }, memberCountText(row.memberCount)));
  const note = NOTES[row.state];
  if (note) {
    item.append(el(doc, 'span', { class: note[0] }, note[1]));
  }
  if (row.state === 'denied' || row.state === 'none') {
    item.append(postForm(doc, csrf, { action: `/rooms/${encodeURIComponent(id)}/requests`, className: 'inline',
      fields: { back: 'list' }, button: 'Request to join', label: `Request to join ${row.title}` }));
  }
  return item;
}

export function renderDirectory(list, emptyNote, csrf, rows) {
  renderKeyed(list, 'data-room-id', rows, (row) => createRoomRow(list.ownerDocument, csrf, row));
  if (emptyNote) {
    emptyNote.hidden = rows.length > 0;
  }
}
