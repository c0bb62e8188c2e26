// Unit tests of the home page model (run by HomeScriptTest: node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HomeModel, compareRows } from '../../main/resources/static/js/home-model.js';

const ME = 7;
const OTHER = 8;

function rendered() {
  return new HomeModel(ME, {
    joined: [1, 3],
    pending: [{ id: 50, roomId: 2 }],
    rooms: { 1: { title: 'Book club', version: 1 }, 2: { title: 'Climbing', version: 2 }, 3: { title: 'Art', version: 1 } },
  });
}

const request = (id, roomId, status, userId = ME, version = 1) =>
  ({ id, room_id: roomId, user_id: userId, status, version });
const change = (table, op, before, after) => ({ type: 'change', table, op, before: before ?? {}, after: after ?? {} });

test('rows are joined plus pending rooms sorted by title then id', () => {
  assert.deepEqual(rendered().rows(), [
    { roomId: 3, title: 'Art', status: 'joined' },
    { roomId: 1, title: 'Book club', status: 'joined' },
    { roomId: 2, title: 'Climbing', status: 'pending' },
  ]);
});

test('equal titles sort by id and titles compare by code unit, not locale', () => {
  const rows = [
    { roomId: 9, title: 'b' }, { roomId: 2, title: 'b' }, { roomId: 1, title: 'B' }, { roomId: 4, title: 'a' },
    { roomId: 5, title: 'Ä' },
  ].sort(compareRows);
  assert.deepEqual(rows.map((r) => r.roomId), [1, 4, 2, 9, 5]);
});

test('joined wins over a pending request for the same room', () => {
  const model = rendered();
  model.apply(change('chat_room_join_request', 'INSERT', null, request(51, 1, 'pending')));
  assert.deepEqual(model.rows().filter((r) => r.roomId === 1), [{ roomId: 1, title: 'Book club', status: 'joined' }]);
});

test('a new pending request for an unknown room waits for its title', () => {
  const model = rendered();
  assert.equal(model.apply(change('chat_room_join_request', 'INSERT', null, request(52, 9, 'pending'))), true);
  assert.deepEqual(model.missingTitles(), [9]);
  assert.equal(model.rows().some((r) => r.roomId === 9), false);
  assert.equal(model.learnRoom(9, 'Zoo', 4), true);
  assert.deepEqual(model.rows().at(-1), { roomId: 9, title: 'Zoo', status: 'pending' });
});

test('admit promotes the row: request no longer pending, member inserted', () => {
  const model = rendered();
  model.apply(change('chat_room_join_request', 'UPDATE', request(50, 2, 'pending'), request(50, 2, 'admitted', ME, 2)));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 2, user_id: ME }));
  assert.deepEqual(model.rows().find((r) => r.roomId === 2), { roomId: 2, title: 'Climbing', status: 'joined' });
  assert.deepEqual(model.missingTitles(), []);
});

test('deny and delete remove the pending row', () => {
  const denied = rendered();
  denied.apply(change('chat_room_join_request', 'UPDATE', request(50, 2, 'pending'), request(50, 2, 'denied')));
  assert.equal(denied.rows().some((r) => r.roomId === 2), false);
  const deleted = rendered();
  deleted.apply(change('chat_room_join_request', 'DELETE', request(50, 2, 'pending'), null));
  assert.equal(deleted.rows().some((r) => r.roomId === 2), false);
});

test('leaving removes the row', () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'DELETE', { room_id: 1, user_id: ME }, null));
  assert.deepEqual(model.rows().map((r) => r.roomId), [3, 2]);
});

test('a rename moves the row and an older version never wins', () => {
  const model = rendered();
  model.apply(change('chat_room', 'UPDATE', { id: 3, title: 'Art', version: 1 }, { id: 3, title: 'Zen', version: 2 }));
  assert.deepEqual(model.rows().map((r) => r.title), ['Book club', 'Climbing', 'Zen']);
  assert.equal(model.learnRoom(3, 'Art', 1), false);
  assert.equal(model.apply(change('chat_room', 'UPDATE', {}, { id: 3, title: 'Old', version: 2 })), false);
  assert.equal(model.rows().at(-1).title, 'Zen');
});

test('a title fetched before a rename that already arrived is ignored', () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 9, user_id: ME }));
  model.apply(change('chat_room', 'UPDATE', {}, { id: 9, title: 'New name', version: 5 }));
  assert.equal(model.learnRoom(9, 'Old name', 4), false);
  assert.equal(model.rows().find((r) => r.roomId === 9).title, 'New name');
});

test('changes for other users are ignored', () => {
  const model = rendered();
  const before = JSON.stringify(model);
  assert.equal(model.apply(change('chat_room_join_request', 'INSERT', null, request(60, 4, 'pending', OTHER))), false);
  assert.equal(model.apply(change('chat_room_member', 'DELETE', { room_id: 1, user_id: OTHER }, null)), false);
  assert.equal(model.apply(change('chat_message', 'INSERT', null, { id: 1, room_id: 1 })), false);
  assert.equal(JSON.stringify(model), before);
});

test('a deleted room disappears with its request', () => {
  const model = rendered();
  model.apply(change('chat_room', 'DELETE', { id: 2, title: 'Climbing', version: 2 }, null));
  assert.deepEqual(model.toJSON().pending, []);
  assert.equal(model.rows().some((r) => r.roomId === 2), false);
});

test('a room that leaves and comes back keeps a current title', () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'DELETE', { room_id: 1, user_id: ME }, null));
  model.apply(change('chat_room', 'UPDATE', {}, { id: 1, title: 'Readers', version: 2 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 1, user_id: ME }));
  assert.deepEqual(model.missingTitles(), []);
  assert.equal(model.rows().find((r) => r.roomId === 1).title, 'Readers');
});

test('toJSON has the server model shape with shown rooms only', () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'DELETE', { room_id: 1, user_id: ME }, null));
  assert.deepEqual(model.toJSON(), {
    joined: [3],
    pending: [{ id: 50, roomId: 2 }],
    rooms: { 2: { title: 'Climbing', version: 2 }, 3: { title: 'Art', version: 1 } },
  });
});
