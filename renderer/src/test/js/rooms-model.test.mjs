// Unit tests of the /rooms directory model (run by HomeScriptTest: node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomsModel } from '../../main/resources/static/js/rooms-model.js';
import { memberCountText } from '../../main/resources/static/js/rooms-view.js';

const ME = 7;
const OTHER = 8;

function rendered() {
  return new RoomsModel(ME, {
    rooms: {
      1: { title: 'Book club', version: 1, ownerId: OTHER, members: 2 },
      2: { title: 'Climbing', version: 3, ownerId: OTHER, members: 1 },
      3: { title: 'Art', version: 1, ownerId: ME, members: 1 },
    },
    joined: [3],
    requests: [{ id: 40, roomId: 1, status: 'denied', version: 2 }, { id: 41, roomId: 2, status: 'pending', version: 1 }],
    users: { 7: 'Me', 8: 'Other' },
  });
}

const change = (table, op, before, after) => ({ type: 'change', table, op, before: before ?? {}, after: after ?? {} });
const summary = (model) => model.rows().map((r) => `${r.roomId}:${r.title}:${r.memberCount}:${r.state}`);

test('rows are every room sorted by title then id, with count and state', () => {
  assert.deepEqual(summary(rendered()), ['3:Art:1:member', '1:Book club:2:denied', '2:Climbing:1:pending']);
});

test("other users' reduced member rows move the counts, in both directions", () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 1 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 1 }));
  model.apply(change('chat_room_member', 'DELETE', { room_id: 2 }, null));
  assert.deepEqual(summary(model), ['3:Art:1:member', '1:Book club:4:denied', '2:Climbing:0:pending']);
  assert.equal(model.rows().find((r) => r.roomId === 1).state, 'denied', 'a reduced row is never the visitor');
});

test('own member rows arrive in full: admitted makes the visitor a member, leaving makes them none', () => {
  const model = rendered();
  model.apply(change('chat_room_join_request', 'UPDATE', { id: 41, room_id: 2, user_id: ME, status: 'pending', version: 1 },
    { id: 41, room_id: 2, user_id: ME, status: 'admitted', version: 2 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 2, user_id: ME, joined_at: '2026-11-25T20:00:00Z' }));
  assert.equal(model.stateOf(2), 'member');
  assert.equal(model.rows().find((r) => r.roomId === 2).memberCount, 2);
  model.apply(change('chat_room_member', 'DELETE', { room_id: 2, user_id: ME }, null));
  assert.equal(model.stateOf(2), 'none', 'admitted then left: may ask again');
  assert.equal(model.rows().find((r) => r.roomId === 2).memberCount, 1);
});

test('the latest request decides: a new pending request after a denial', () => {
  const model = rendered();
  model.apply(change('chat_room_join_request', 'INSERT', null, { id: 45, room_id: 1, user_id: ME, status: 'pending', version: 1 }));
  assert.equal(model.stateOf(1), 'pending');
  model.apply(change('chat_room_join_request', 'DELETE', { id: 45, room_id: 1, user_id: ME, status: 'pending', version: 1 }, null));
  assert.equal(model.stateOf(1), 'denied', 'back to the previous request');
});

test("other users' requests and older request versions change nothing", () => {
  const model = rendered();
  const before = JSON.stringify(model);
  assert.equal(model.apply(change('chat_room_join_request', 'INSERT', null,
    { id: 50, room_id: 1, user_id: OTHER, status: 'pending', version: 1 })), false);
  assert.equal(model.apply(change('chat_room_join_request', 'UPDATE', {},
    { id: 41, room_id: 2, user_id: ME, status: 'denied', version: 1 })), false);
  assert.equal(model.apply(change('chat_message', 'INSERT', null, { id: 1, room_id: 1 })), false);
  assert.equal(JSON.stringify(model), before);
});

test('renames move rows and never go back; new rooms appear, deleted rooms go', () => {
  const model = rendered();
  model.apply(change('chat_room', 'UPDATE', {}, { id: 1, title: 'Zine club', version: 2, owner_id: OTHER }));
  model.apply(change('chat_room', 'UPDATE', {}, { id: 1, title: 'Stale', version: 2, owner_id: OTHER }));
  model.apply(change('chat_room', 'INSERT', null, { id: 9, title: 'Bees', version: 1, owner_id: 12 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 9 }));
  model.apply(change('chat_room', 'DELETE', { id: 3, title: 'Art', version: 1, owner_id: ME }, null));
  model.apply(change('chat_room_member', 'DELETE', { room_id: 3, user_id: ME }, null));
  assert.deepEqual(summary(model), ['9:Bees:1:none', '2:Climbing:1:pending', '1:Zine club:2:denied']);
  assert.deepEqual(model.ownerIds().sort((a, b) => a - b), [OTHER, 12]);
});

test('toJSON has the server model shape', () => {
  const model = rendered();
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 1, user_id: ME }));
  assert.deepEqual(model.toJSON(), {
    rooms: {
      1: { title: 'Book club', version: 1, ownerId: OTHER, members: 3 },
      2: { title: 'Climbing', version: 3, ownerId: OTHER, members: 1 },
      3: { title: 'Art', version: 1, ownerId: ME, members: 1 },
    },
    joined: [1, 3],
    requests: [{ id: 40, roomId: 1, status: 'denied', version: 2 }, { id: 41, roomId: 2, status: 'pending', version: 1 }],
  });
});

test('member counts read like the server writes them', () => {
  assert.equal(memberCountText(0), '0 members');
  assert.equal(memberCountText(1), '1 member');
  assert.equal(memberCountText(12), '12 members');
});
