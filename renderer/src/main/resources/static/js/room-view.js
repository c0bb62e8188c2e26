// room-view.js — draws a room's page from its RoomModel into the server-rendered DOM (room.mustache), element
// for element the same as the template, so unchanged parts stay untouched:
//   #room-title (h1), #room-owner .owner-name, #join-state[data-state] > #join-state-body   (visitors)
//   #request-list > li[data-request-id] (owner), #message-list > li[data-message-id], #member-list > li[data-user-id]

import { UNKNOWN_NAME } from './room-model.js';
import { el, postForm, renderKeyed, stamp } from './page-kit.js';

export const STATE_NOTES = Object.freeze({
  pending: ['room-note', 'Waiting to be admitted'],
  denied: ['room-note bad', 'Your last request was denied.'],
  member: ['room-note ok', 'You were admitted'],
});

export function createMessage(doc, message, authorName) {
  const time = stamp(message.createdAt);
  return el(doc, 'li', { 'data-message-id': String(message.id) },
    el(doc, 'span', { class: 'author' }, authorName ?? UNKNOWN_NAME), ' ',
    el(doc, 'time', { datetime: time.iso }, time.shown),
    el(doc, 'p', {}, message.body));
}

export function createMember(doc, row) {
  // one text node "Name " before the badge, exactly as the template renders it
  return row.owner
    ? el(doc, 'li', { 'data-user-id': String(row.userId) }, `${row.name} `, el(doc, 'span', { class: 'room-note ok' }, 'owner'))
    : el(doc, 'li', { 'data-user-id': String(row.userId) }, row.name);
}

export function createRequest(doc, csrf, request, name) {
  const id = encodeURIComponent(String(request.id));
  const shown = name ?? UNKNOWN_NAME;
  const time = stamp(request.createdAt);
  return el(doc, 'li', { 'data-request-id': String(request.id), 'data-user-id': String(request.userId) },
    el(doc, 'span', { class: 'requester' }, shown),
    el(doc, 'time', { datetime: time.iso }, time.shown),
    postForm(doc, csrf, { action: `/requests/${id}/admit`, className: 'inline', button: 'Admit', label: `Admit ${shown}` }),
    postForm(doc, csrf, { action: `/requests/${id}/deny`, className: 'inline', button: 'Deny', buttonClass: 'secondary',
      label: `Deny ${shown}` }));
}

/** The visitor's panel content: their state note and, when they may ask, the Request to join form. */
export function createJoinStateBody(doc, csrf, roomId, state) {
  const body = el(doc, 'div', { id: 'join-state-body' });
  const note = STATE_NOTES[state];
  if (note) {
    body.append(el(doc, 'p', { class: note[0] }, note[1]));
  }
  if (state === 'denied' || state === 'none') {
    body.append(postForm(doc, csrf, { action: `/rooms/${encodeURIComponent(String(roomId))}/requests`,
      button: 'Request to join' }));
  }
  return body;
}

/** Replaces `old` with `fresh` unless they are equal already. */
function replaceIfDifferent(old, fresh) {
  if (old && !old.isEqualNode(fresh)) {
    old.replaceWith(fresh);
  }
}

function setText(element, text) {
  if (element && element.textContent !== text) {
    element.textContent = text;
  }
}

/** Draws everything the model shows. `names(id)` gives a display name or null. */
export function renderRoom(doc, model, names, csrf) {
  const { room } = model;
  setText(doc.getElementById('room-title'), room.title);
  if (doc.title !== `${room.title} · nostale`) {
    doc.title = `${room.title} · nostale`;
  }
  setText(doc.querySelector('#room-owner .owner-name'), names(room.ownerId) ?? UNKNOWN_NAME);
  const rename = doc.getElementById('rename-title');
  if (rename && doc.activeElement !== rename && rename.value === rename.defaultValue) {
    rename.defaultValue = room.title; // not while someone is editing it
    rename.value = room.title;
  }
  const joinState = doc.getElementById('join-state');
  if (joinState) {
    const state = model.joinState();
    joinState.setAttribute('data-state', state);
    replaceIfDifferent(doc.getElementById('join-state-body'), createJoinStateBody(doc, csrf, room.id, state));
  }
  const requestList = doc.getElementById('request-list');
  if (requestList) {
    const pending = model.pendingRequests();
    renderKeyed(requestList, 'data-request-id', pending, (r) => createRequest(doc, csrf, r, names(r.userId)));
    hide(doc.getElementById('requests-empty'), pending.length > 0);
  }
  const messageList = doc.getElementById('message-list');
  if (messageList) {
    const messages = model.messages();
    renderKeyed(messageList, 'data-message-id', messages, (m) => createMessage(doc, m, names(m.authorId)));
    hide(doc.getElementById('messages-empty'), messages.length > 0);
    hide(doc.getElementById('load-older'), !model.hasOlder);
  }
  const memberList = doc.getElementById('member-list');
  if (memberList) {
    renderKeyed(memberList, 'data-user-id', model.memberRows(names), (row) => createMember(doc, row));
    setText(doc.getElementById('member-count'), String(model.members.size));
  }
  if (model.deleted) {
    flash(doc, 'gone', 'This room was deleted.');
  }
}

function hide(element, hidden) {
  if (element && element.hidden !== hidden) {
    element.hidden = hidden;
  }
}

/** Shows the page's one flash message (#room-flash[data-flash=kind]). */
export function flash(doc, kind, text) {
  const element = doc.getElementById('room-flash');
  if (element) {
    element.setAttribute('data-flash', kind);
    setText(element, text);
    element.hidden = false;
  }
}
