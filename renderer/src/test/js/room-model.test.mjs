// Unit tests of a room page's model (run by HomeScriptTest: node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomModel, compareNamed } from '../../main/resources/static/js/room-model.js';
import { stamp } from '../../main/resources/static/js/page-kit.js';

const ME = 7;
const OWNER = 8;
const ROOM = 5;

const message = (id, body, version = 1, authorId = OWNER) =>
  ({ id, authorId, body, createdAt: `2026-11-25T20:${String(id % 60).padStart(2, '0')}:00Z`, version });
const row = (id, body, version = 1, roomId = ROOM, authorId = OWNER) =>
  ({ id, room_id: roomId, author_id: authorId, body, created_at: '2026-11-25T21:00:00.123456+00:00', version });
const change = (table, op, before, after) => ({ type: 'change', table, op, before: before ?? {}, after: after ?? {} });

/** A member's page showing messages 10..12 of a longer history. */
function memberPage() {
  return new RoomModel(ME, {
    room: { id: ROOM, title: 'Talk', version: 1, ownerId: OWNER },
    member: true,
    owner: false,
    members: [ME, OWNER],
    requests: [],
    messages: [message(10, 'ten'), message(11, 'eleven'), message(12, 'twelve')],
    hasOlder: true,
    users: { 7: 'Me', 8: 'Owner' },
  });
}

const bodies = (model) => model.messages().map((m) => `${m.id}:${m.body}`);

test('messages are the loaded ones oldest first; live inserts, edits and deletes apply', () => {
  const model = memberPage();
  assert.equal(model.apply(change('chat_message', 'INSERT', null, row(13, 'thirteen'))), true);
  assert.equal(model.apply(change('chat_message', 'UPDATE', row(11, 'eleven'), row(11, 'eleven!', 2))), true);
  assert.equal(model.apply(change('chat_message', 'DELETE', row(10, 'ten'), null)), true);
  assert.deepEqual(bodies(model), ['11:eleven!', '12:twelve', '13:thirteen']);
  assert.equal(model.apply(change('chat_message', 'INSERT', null, row(14, 'elsewhere', 1, 99))), false);
});

test('an older message version never replaces a newer one', () => {
  const model = memberPage();
  model.apply(change('chat_message', 'UPDATE', {}, row(12, 'v3', 3)));
  assert.equal(model.apply(change('chat_message', 'UPDATE', {}, row(12, 'v2', 2))), false);
  assert.equal(model.apply(change('chat_message', 'UPDATE', {}, row(12, 'v3 again', 3))), false);
  assert.deepEqual(bodies(model).at(-1), '12:v3');
});

test('load older merges by version: updates that arrived before the fetch win over older fetched rows', () => {
  const model = memberPage();
  // live changes for messages not loaded yet: kept, not shown
  assert.equal(model.apply(change('chat_message', 'UPDATE', row(8, 'eight'), row(8, 'eight, edited', 2))), false);
  assert.equal(model.apply(change('chat_message', 'DELETE', row(7, 'seven'), null)), false);
  assert.deepEqual(bodies(model), ['10:ten', '11:eleven', '12:twelve']);
  assert.equal(model.olderCursor(), 10);
  // the fetch read an older state of 8 and still saw 7
  const merged = model.mergeOlder(10, { messages: [message(6, 'six'), message(7, 'seven'), message(8, 'eight'),
    message(9, 'nine, v4', 4)], hasOlder: true });
  assert.equal(merged, true);
  assert.deepEqual(bodies(model), ['6:six', '8:eight, edited', '9:nine, v4', '10:ten', '11:eleven', '12:twelve']);
  assert.equal(model.olderCursor(), 6);
  // a live update older than the fetched row does not win either
  assert.equal(model.apply(change('chat_message', 'UPDATE', {}, row(9, 'nine, v3', 3))), false);
  assert.equal(bodies(model)[2], '9:nine, v4');
});

test('a stale or repeated older answer is ignored; the last page ends the history', () => {
  const model = memberPage();
  assert.equal(model.mergeOlder(99, { messages: [message(1, 'one')], hasOlder: false }), false);
  assert.equal(model.mergeOlder(10, { messages: [message(9, 'nine')], hasOlder: false }), true);
  assert.equal(model.mergeOlder(10, { messages: [message(8, 'eight')], hasOlder: false }), false);
  assert.equal(model.hasOlder, false);
  assert.deepEqual(bodies(model), ['9:nine', '10:ten', '11:eleven', '12:twelve']);
  // once everything is loaded, changes of any message apply directly
  assert.equal(model.apply(change('chat_message', 'INSERT', null, row(2, 'backfilled'))), true);
  assert.equal(bodies(model)[0], '2:backfilled');
});

test('a message moved to another room leaves, and comes back only newer', () => {
  const model = memberPage();
  assert.equal(model.apply(change('chat_message', 'UPDATE', row(11, 'eleven'), row(11, 'eleven', 2, 99))), true);
  assert.deepEqual(bodies(model), ['10:ten', '12:twelve']);
  assert.equal(model.apply(change('chat_message', 'UPDATE', row(11, 'eleven', 2, 99), row(11, 'back', 3))), true);
  assert.deepEqual(bodies(model), ['10:ten', '11:back', '12:twelve']);
});

test('members follow inserts and deletes of this room only, sorted by name then id', () => {
  const model = memberPage();
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: ROOM, user_id: 20 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: ROOM, user_id: 21 }));
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: 99, user_id: 22 }));
  model.apply(change('chat_room_member', 'DELETE', { room_id: ROOM, user_id: OWNER }, null));
  const names = new Map([[ME, 'Me'], [20, 'bea'], [21, 'Bea'], [OWNER, 'Owner']]);
  assert.deepEqual(model.memberRows((id) => names.get(id) ?? null).map((r) => r.userId), [21, ME, 20]);
  assert.deepEqual([...model.members].sort((a, b) => a - b), [ME, 20, 21]);
  assert.deepEqual([{ name: 'b', userId: 2 }, { name: 'B', userId: 9 }, { name: 'b', userId: 1 }].sort(compareNamed)
    .map((r) => r.userId), [9, 1, 2]);
});

test('the owner sees pending requests; decisions remove them and never regress', () => {
  const model = new RoomModel(OWNER, {
    room: { id: ROOM, title: 'Talk', version: 1, ownerId: OWNER }, member: true, owner: true,
    members: [OWNER], requests: [{ id: 30, userId: ME, status: 'pending', version: 1, createdAt: '2026-11-25T20:00:00Z' }],
    messages: [], hasOlder: false, users: {},
  });
  const request = (id, status, version, userId = 40) =>
    ({ id, room_id: ROOM, user_id: userId, status, version, created_at: '2026-11-25T20:01:00Z' });
  model.apply(change('chat_room_join_request', 'INSERT', null, request(31, 'pending', 1)));
  assert.deepEqual(model.pendingRequests().map((r) => r.id), [30, 31]);
  model.apply(change('chat_room_join_request', 'UPDATE', request(30, 'pending', 1, ME), request(30, 'admitted', 2, ME)));
  assert.equal(model.apply(change('chat_room_join_request', 'UPDATE', {}, request(30, 'pending', 1, ME))), false);
  assert.deepEqual(model.pendingRequests().map((r) => r.id), [31]);
  assert.deepEqual(model.userIds().sort((a, b) => a - b), [OWNER, 40]);
});

test("a visitor's state follows their own requests; being admitted reads as member until the page refreshes", () => {
  const model = new RoomModel(ME, {
    room: { id: ROOM, title: 'Talk', version: 1, ownerId: OWNER }, member: false, owner: false,
    members: [], requests: [], messages: [], hasOlder: false, users: { 8: 'Owner' },
  });
  assert.equal(model.joinState(), 'none');
  const request = (status, version) => ({ id: 33, room_id: ROOM, user_id: ME, status, version, created_at: 'x' });
  model.apply(change('chat_room_join_request', 'INSERT', null, request('pending', 1)));
  assert.equal(model.joinState(), 'pending');
  assert.deepEqual(model.pendingRequests(), [], 'only owners see requests');
  model.apply(change('chat_room_join_request', 'UPDATE', request('pending', 1), request('denied', 2)));
  assert.equal(model.joinState(), 'denied');
  model.apply(change('chat_room_member', 'INSERT', null, { room_id: ROOM, user_id: ME }));
  assert.equal(model.joinState(), 'member');
  assert.equal(model.member, false, 'grants are the rendered ones until the page refreshes');
});

test('renames and owner changes apply by version; a deleted room says so', () => {
  const model = memberPage();
  assert.equal(model.apply(change('chat_room', 'UPDATE', {}, { id: ROOM, title: 'Chat', version: 2, owner_id: 30 })), true);
  assert.equal(model.apply(change('chat_room', 'UPDATE', {}, { id: ROOM, title: 'Old', version: 2, owner_id: OWNER })), false);
  assert.equal(model.apply(change('chat_room', 'UPDATE', {}, { id: 99, title: 'Other', version: 9, owner_id: 1 })), false);
  assert.deepEqual(model.room, { id: ROOM, title: 'Chat', version: 2, ownerId: 30 });
  assert.ok(model.userIds().includes(30));
  assert.equal(model.apply(change('chat_room', 'DELETE', { id: ROOM, title: 'Chat', version: 2, owner_id: 30 }, null)), true);
  assert.equal(model.deleted, true);
});

test('toJSON has the server model shape', () => {
  const model = memberPage();
  model.apply(change('chat_message', 'INSERT', null, row(13, 'thirteen')));
  assert.deepEqual(model.toJSON(), {
    room: { id: ROOM, title: 'Talk', version: 1, ownerId: OWNER },
    member: true,
    owner: false,
    members: [ME, OWNER],
    requests: [],
    messages: [
      { id: 10, authorId: OWNER, body: 'ten', version: 1 },
      { id: 11, authorId: OWNER, body: 'eleven', version: 1 },
      { id: 12, authorId: OWNER, body: 'twelve', version: 1 },
      { id: 13, authorId: OWNER, body: 'thirteen', version: 1 },
    ],
    hasOlder: true,
  });
});

test('times read like the server renders them, from any ISO spelling', () => {
  assert.deepEqual(stamp('2026-11-25T21:05:09.123456+00:00'), { iso: '2026-11-25T21:05:09Z', shown: '2026-11-25 21:05 UTC' });
  assert.deepEqual(stamp('2026-11-25T23:59:59.999+01:00'), { iso: '2026-11-25T22:59:59Z', shown: '2026-11-25 22:59 UTC' });
  assert.deepEqual(stamp('2026-11-25T21:05:00Z'), { iso: '2026-11-25T21:05:00Z', shown: '2026-11-25 21:05 UTC' });
});
