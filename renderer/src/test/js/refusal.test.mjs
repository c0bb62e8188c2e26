// Unit tests of the rule for refused subscriptions and of the page's memory of its reload (run by HomeScriptTest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterRefusal, isRefusal, memoryKey, pageRefusalMemory, refusalMemory, REFUSAL_MEMORY_MS }
  from '../../main/resources/static/js/refusal.js';

const NOW = 1_764_099_600_000;

/** A Storage as browsers have it, optionally failing the way they fail. */
function fakeStorage({ failWrites = false, dropWrites = false } = {}) {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem(key, value) {
      if (failWrites) {
        throw new Error('QuotaExceededError');
      }
      if (!dropWrites) {
        items.set(key, String(value));
      }
    },
    removeItem: (key) => { items.delete(key); },
  };
}

test('only 4400 and 4401 are refusals; every other close keeps its own handling', () => {
  assert.equal(isRefusal(4400), true);
  assert.equal(isRefusal(4401), true);
  for (const code of [1000, 1001, 1006, 1009, 4000, 4408, 4409, 4429, 4503]) {
    assert.equal(isRefusal(code), false, `close ${code}`);
  }
});

test('a page that has not reloaded for a refusal reloads', () => {
  assert.equal(afterRefusal(null, NOW), 'reload');
});

test('a page refused again soon after its reload stops', () => {
  assert.equal(afterRefusal(NOW, NOW), 'stop');
  assert.equal(afterRefusal(NOW - 2_000, NOW), 'stop');
  assert.equal(afterRefusal(NOW - REFUSAL_MEMORY_MS + 1, NOW), 'stop');
});

test('a reload remembered for the whole memory time no longer counts: a later refusal reloads once more', () => {
  assert.equal(afterRefusal(NOW - REFUSAL_MEMORY_MS, NOW), 'reload');
  assert.equal(afterRefusal(NOW - 3 * 60 * 60_000, NOW), 'reload', 'hours later');
});

test('a reload remembered in the future (the clock was set back) counts as expired', () => {
  assert.equal(afterRefusal(NOW + 60_000, NOW), 'reload');
});

test('a page that cannot read its memory stops rather than risk a loop', () => {
  assert.equal(afterRefusal(undefined, NOW), 'stop');
});

test('the memory time can be chosen', () => {
  assert.equal(afterRefusal(NOW - 1_000, NOW, 500), 'reload');
  assert.equal(afterRefusal(NOW - 1_000, NOW, 5_000), 'stop');
});

test('each page of a tab has its own key: path and query, without the fragment', () => {
  assert.equal(memoryKey({ pathname: '/rooms/5', search: '?x=1', hash: '#m3' }), memoryKey({ pathname: '/rooms/5', search: '?x=1' }));
  assert.notEqual(memoryKey({ pathname: '/rooms/5', search: '' }), memoryKey({ pathname: '/rooms/6', search: '' }));
  assert.notEqual(memoryKey({ pathname: '/', search: '' }), memoryKey({ pathname: '/rooms', search: '' }));
});

test('remember, read back and forget', () => {
  const storage = fakeStorage();
  const memory = refusalMemory(() => storage, 'k');
  assert.equal(memory.reloadedAt(), null);
  assert.equal(memory.remember(NOW), true);
  assert.equal(memory.reloadedAt(), NOW);
  memory.forget();
  assert.equal(memory.reloadedAt(), null);
  assert.equal(storage.items.size, 0);
});

test('two pages of one tab do not share their memory', () => {
  const storage = fakeStorage();
  refusalMemory(() => storage, memoryKey({ pathname: '/rooms/5', search: '' })).remember(NOW);
  assert.equal(refusalMemory(() => storage, memoryKey({ pathname: '/rooms/6', search: '' })).reloadedAt(), null);
});

test('a stored value that is not a time reads as nothing remembered', () => {
  const storage = fakeStorage();
  storage.items.set('k', 'garbage');
  assert.equal(refusalMemory(() => storage, 'k').reloadedAt(), null);
});

test('a blocked storage (the getter throws) reads as unusable and remembers nothing, without throwing', () => {
  const memory = refusalMemory(() => { throw new Error('SecurityError'); }, 'k');
  assert.equal(memory.reloadedAt(), undefined);
  assert.equal(memory.remember(NOW), false);
  memory.forget();
});

test('no storage at all reads as unusable', () => {
  const memory = refusalMemory(() => undefined, 'k');
  assert.equal(memory.reloadedAt(), undefined);
  assert.equal(memory.remember(NOW), false);
});

test('a write that fails or does not stick is reported: such a reload would not be remembered', () => {
  assert.equal(refusalMemory(() => fakeStorage({ failWrites: true }), 'k').remember(NOW), false);
  assert.equal(refusalMemory(() => fakeStorage({ dropWrites: true }), 'k').remember(NOW), false);
});

test('the memory of a page shown in a window uses its sessionStorage and its URL', () => {
  const storage = fakeStorage();
  const win = { sessionStorage: storage, location: { pathname: '/rooms/5', search: '', href: 'http://r/rooms/5' } };
  pageRefusalMemory(win).remember(NOW);
  assert.deepEqual([...storage.items.keys()], [memoryKey(win.location)]);
  assert.equal(pageRefusalMemory(win).reloadedAt(), NOW, 'the reloaded page finds it');
});
