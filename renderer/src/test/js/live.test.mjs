// Unit tests of the gateway connection (run by HomeScriptTest: node --test), with a fake WebSocket and clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectLive, reconnectDelay, startLivePage, statusElementSetter, RECONNECT_MAX_MS, STATUS_TEXT }
  from '../../main/resources/static/js/live.js';
import { memoryKey, refusalMemory, REFUSAL_MEMORY_MS } from '../../main/resources/static/js/refusal.js';

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.all.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.closedWith = { code, reason }; }
  // server side
  open() { this.onopen?.(); }
  deliver(message) { this.onmessage?.({ data: JSON.stringify(message) }); }
  drop(code = 1006, reason = '') { this.onclose?.({ code, reason }); }
}

function harness(extra = {}) {
  FakeSocket.all = [];
  const timers = [];
  const statuses = [];
  const changes = [];
  let reloads = 0;
  const live = connectLive({ gateway: 'ws://gw/live', token: 'tok', timepoint: 'TP', page: 'home', userId: 7 }, {
    WebSocket: FakeSocket,
    setTimeout: (fn, ms) => { timers.push({ fn, ms, cancelled: false }); return timers.length - 1; },
    clearTimeout: (id) => { if (timers[id]) timers[id].cancelled = true; },
    random: () => 1,
    reload: () => { reloads += 1; },
    setStatus: (s) => statuses.push(s),
    onChange: (m) => changes.push(m),
    log: { info() {}, warn() {}, error() {} },
    ...extra,
  });
  const socket = () => FakeSocket.all.at(-1);
  const runRetry = () => {
    const retry = timers.filter((t) => !t.cancelled && t.ms < 60_000).at(-1);
    retry.cancelled = true;
    retry.fn();
  };
  return { live, timers, statuses, changes, socket, runRetry, reloads: () => reloads };
}

/** A page's memory of its reload for a refusal, in a Map standing for sessionStorage (survives the "reload"). */
function memoryIn(items = new Map()) {
  return refusalMemory(() => ({
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, String(value)); },
    removeItem: (key) => { items.delete(key); },
  }), 'page');
}

const NOW = 1_764_099_600_000;

const at = (type, offset, extra = {}) => ({ type, stream: 's1', offset, position: `0/${offset}#0/${offset}`, ...extra });

test('subscribes with token and timepoint, goes live on caught-up', () => {
  const h = harness();
  h.socket().open();
  assert.deepEqual(h.socket().sent, [{ type: 'subscribe', token: 'tok', timepoint: 'TP' }]);
  assert.equal(h.live.state().status, 'connecting');
  h.socket().deliver(at('change', 3, { table: 'chat_room', op: 'UPDATE' }));
  h.socket().deliver(at('caught-up', 3));
  assert.deepEqual(h.statuses, ['live']);
  assert.equal(h.changes.length, 1);
});

test('reconnects after a close and resumes from the last applied position', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver(at('caught-up', 3));
  h.socket().deliver(at('change', 4));
  h.socket().deliver(at('heartbeat', 9));
  h.socket().drop(1001);
  assert.equal(h.live.state().status, 'reconnecting');
  h.runRetry();
  h.socket().open();
  assert.deepEqual(h.socket().sent[0].resume, { stream: 's1', offset: 9, position: '0/9#0/9' });
  assert.equal(h.socket().sent[0].timepoint, 'TP');
  h.socket().deliver(at('caught-up', 9));
  assert.deepEqual(h.statuses, ['live', 'reconnecting', 'live']);
});

test('a change delivered twice is applied once', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver(at('change', 4));
  h.socket().drop();
  h.runRetry();
  h.socket().open();
  h.socket().deliver(at('change', 4));
  h.socket().deliver(at('change', 5));
  assert.deepEqual(h.changes.map((c) => c.offset), [4, 5]);
});

test('resync message reloads once and does not reconnect', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver({ type: 'resync', reason: 'history-expired', detail: 'x' });
  h.socket().drop(4409);
  assert.equal(h.reloads(), 1);
  assert.deepEqual(h.statuses, ['resyncing']);
  assert.equal(FakeSocket.all.length, 1);
});

test('close 4409 alone also resyncs', () => {
  const h = harness();
  h.socket().open();
  h.socket().drop(4409, 'slow-client');
  assert.equal(h.reloads(), 1);
  assert.equal(h.live.state().status, 'resyncing');
});

test('an error closes and is retried with growing delays', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver({ type: 'error', code: 'subscribe-timeout', message: 'late' });
  h.socket().drop(4408);
  h.runRetry();
  h.socket().drop(1006);
  const delays = h.timers.filter((t) => t.ms < 60_000).map((t) => t.ms);
  assert.deepEqual(delays, [250, 500]);
});

for (const code of [4400, 4401]) {
  test(`a page refused with ${code} reloads once, remembering when, and opens no socket meanwhile`, () => {
    const items = new Map();
    const h = harness({ refusals: memoryIn(items), now: () => NOW });
    h.socket().open();
    h.socket().deliver({ type: 'error', code: code === 4401 ? 'bad-token' : 'bad-message', message: 'refused' });
    h.socket().drop(code, code === 4401 ? 'bad-token' : 'bad-message');
    assert.equal(h.reloads(), 1);
    assert.deepEqual(h.statuses, ['resyncing']);
    assert.equal(memoryIn(items).reloadedAt(), NOW, 'the reloaded page will know');
    assert.equal(FakeSocket.all.length, 1);
    assert.equal(h.timers.filter((t) => !t.cancelled && t.ms < 60_000).length, 0, 'no retry scheduled');
  });

  test(`the reloaded page refused again with ${code} stops: no reload, no retry, no socket, even when asked to retry`, () => {
    const items = new Map();
    memoryIn(items).remember(NOW - 3_000); // what the page that reloaded left
    const h = harness({ refusals: memoryIn(items), now: () => NOW });
    h.socket().open();
    h.socket().drop(code);
    assert.equal(h.reloads(), 0);
    assert.deepEqual(h.statuses, ['stopped']);
    assert.equal(h.live.state().status, 'stopped');
    assert.equal(h.timers.filter((t) => !t.cancelled && t.ms < 60_000).length, 0, 'no retry scheduled');
    h.live.retryNow(); // e.g. the browser came back online
    assert.equal(FakeSocket.all.length, 1);
  });
}

test('a refusal long after the remembered reload gets its one reload again', () => {
  const items = new Map();
  memoryIn(items).remember(NOW - REFUSAL_MEMORY_MS);
  const h = harness({ refusals: memoryIn(items), now: () => NOW });
  h.socket().open();
  h.socket().drop(4401);
  assert.equal(h.reloads(), 1);
  assert.equal(memoryIn(items).reloadedAt(), NOW);
});

test('a page refused, reloaded and then accepted forgets: its next refusal reloads once more', () => {
  const items = new Map();
  memoryIn(items).remember(NOW - 3_000);
  const h = harness({ refusals: memoryIn(items), now: () => NOW });
  h.socket().open();
  h.socket().deliver(at('caught-up', 3));
  assert.equal(memoryIn(items).reloadedAt(), null, 'forgotten once the gateway accepted the page');
  h.socket().drop(1006);
  h.runRetry();
  h.socket().open();
  h.socket().drop(4401); // e.g. the keys were rotated while the page was open
  assert.equal(h.reloads(), 1);
  assert.deepEqual(h.statuses, ['live', 'reconnecting', 'resyncing']);
});

test('a page that cannot remember its reload stops instead of reloading', () => {
  const blocked = refusalMemory(() => { throw new Error('SecurityError'); }, 'page');
  const h = harness({ refusals: blocked, now: () => NOW });
  h.socket().open();
  h.socket().drop(4401);
  assert.equal(h.reloads(), 0);
  assert.equal(h.live.state().status, 'stopped');
});

test('a page whose reload would not be remembered (the write fails) stops instead of reloading', () => {
  const full = refusalMemory(() => ({ getItem: () => null, setItem() { throw new Error('QuotaExceededError'); },
    removeItem() {} }), 'page');
  const h = harness({ refusals: full, now: () => NOW });
  h.socket().open();
  h.socket().drop(4400);
  assert.equal(h.reloads(), 0);
  assert.equal(h.live.state().status, 'stopped');
});

test('backoff doubles from 250 ms, caps at 10 s and jitters down to half', () => {
  assert.equal(reconnectDelay(0, () => 1), 250);
  assert.equal(reconnectDelay(3, () => 1), 2000);
  assert.equal(reconnectDelay(30, () => 1), RECONNECT_MAX_MS);
  assert.equal(reconnectDelay(30, () => 0), RECONNECT_MAX_MS / 2);
});

test('a change the page cannot apply forces a reload', () => {
  FakeSocket.all = [];
  let reloads = 0;
  connectLive({ gateway: 'ws://gw/live', token: 't', timepoint: 'TP' }, {
    WebSocket: FakeSocket, setTimeout: () => 0, clearTimeout: () => {}, setStatus: () => {},
    reload: () => { reloads += 1; }, log: { info() {}, warn() {}, error() {} },
    onChange: () => { throw new Error('boom'); },
  });
  FakeSocket.all[0].open();
  FakeSocket.all[0].deliver(at('change', 1));
  assert.equal(reloads, 1);
});

test('a silent connection is abandoned and retried', () => {
  const h = harness();
  h.socket().open();
  const silence = h.timers.filter((t) => t.ms === 60_000 && !t.cancelled).at(-1);
  silence.fn();
  assert.equal(h.socket().closedWith.code, 4000);
  assert.equal(h.live.state().status, 'reconnecting');
});

test('stop closes without reconnecting', () => {
  const h = harness();
  h.socket().open();
  h.live.stop();
  assert.equal(h.socket().closedWith.code, 1000);
  assert.equal(FakeSocket.all.length, 1);
});

test('the proof of the last applied point is kept and sent back with the resume point', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver(at('change', 4, { proof: 'k1.proof-of-4' }));
  h.socket().deliver(at('caught-up', 4, { proof: 'k1.caught-up-4' }));
  h.socket().deliver(at('heartbeat', 9, { proof: 'k1.proof-of-9' }));
  h.socket().deliver(at('heartbeat', 8, { proof: 'k1.older' })); // never backwards, proof included
  h.socket().drop(1006);
  h.runRetry();
  h.socket().open();
  assert.deepEqual(h.socket().sent[0].resume, { stream: 's1', offset: 9, position: '0/9#0/9', proof: 'k1.proof-of-9' });
});

test('a point without proof does not borrow the previous one', () => {
  const h = harness();
  h.socket().open();
  h.socket().deliver(at('change', 4, { proof: 'k1.proof-of-4' }));
  h.socket().deliver(at('heartbeat', 5));
  h.socket().drop(1006);
  h.runRetry();
  h.socket().open();
  assert.deepEqual(h.socket().sent[0].resume, { stream: 's1', offset: 5, position: '0/5#0/5' });
});

test('a resync reason the page opted in for refreshes in place instead of reloading', () => {
  const refreshed = [];
  const h = harness({ inPlaceReasons: ['access-changed'], refreshInPlace: (reason) => refreshed.push(reason) });
  h.socket().open();
  h.socket().deliver(at('caught-up', 3));
  h.socket().deliver({ type: 'resync', reason: 'access-changed', detail: 'member row deleted' });
  h.socket().drop(4409, 'access-changed');
  assert.deepEqual(refreshed, ['access-changed']);
  assert.equal(h.reloads(), 0);
  assert.deepEqual(h.statuses, ['live', 'resyncing']);
  assert.equal(h.socket().closedWith.code, 1000);
  assert.equal(FakeSocket.all.length, 1, 'this connection is done; the refreshed page connects anew');
});

test('other resync reasons still reload a page that refreshes in place for some', () => {
  const refreshed = [];
  const h = harness({ inPlaceReasons: ['access-changed'], refreshInPlace: (reason) => refreshed.push(reason) });
  h.socket().open();
  h.socket().drop(4409, 'history-expired');
  assert.deepEqual(refreshed, []);
  assert.equal(h.reloads(), 1);
});

test('a truncated table the page shows reloads it, also a page that refreshes in place for access changes', () => {
  for (const inPlace of [[], ['access-changed']]) {
    const refreshed = [];
    const h = harness({ inPlaceReasons: inPlace, refreshInPlace: (reason) => refreshed.push(reason) });
    h.socket().open();
    h.socket().deliver(at('caught-up', 3));
    h.socket().deliver({ type: 'resync', reason: 'truncated', detail: 'table chat_message was truncated at position 0/5#0/6' });
    h.socket().drop(4409, 'truncated');
    assert.deepEqual(refreshed, []);
    assert.equal(h.reloads(), 1);
    assert.deepEqual(h.statuses, ['live', 'resyncing']);
    assert.equal(FakeSocket.all.length, 1, 'no reconnect: the reload brings a new timepoint');
  }
});

test('the status element shows words people read and keeps the machine value in the attribute', () => {
  const element = { attributes: {}, textContent: '', setAttribute(name, value) { this.attributes[name] = value; } };
  const set = statusElementSetter({ querySelector: () => element });
  set('reconnecting');
  assert.equal(element.attributes['data-live-status'], 'reconnecting');
  assert.equal(element.textContent, 'Reconnecting…');
  set('live');
  assert.equal(element.textContent, 'Live');
});

test('a stopped page says so in a sentence and offers a link that reloads it', () => {
  const element = { attributes: {}, textContent: '', children: [], setAttribute(name, value) { this.attributes[name] = value; },
    append(...nodes) { this.children.push(...nodes); } };
  const doc = {
    querySelector: () => element,
    createElement: (tag) => ({ tag, attributes: {}, listeners: {}, setAttribute(name, value) { this.attributes[name] = value; },
      addEventListener(type, fn) { this.listeners[type] = fn; } }),
  };
  let reloads = 0;
  const win = { location: { href: 'http://r/rooms/5#m9', reload: () => { reloads += 1; } } };
  statusElementSetter(doc, win)('stopped');
  assert.equal(element.attributes['data-live-status'], 'stopped');
  assert.equal(element.textContent, STATUS_TEXT.stopped);
  assert.match(STATUS_TEXT.stopped, /^[A-Z][^…]*\.$/, 'a plain sentence');
  const link = element.children.find((child) => child.tag === 'a');
  assert.equal(link.href, 'http://r/rooms/5#m9');
  assert.equal(link.textContent, 'Reload');
  assert.ok('data-live-reload' in link.attributes);
  let prevented = false;
  link.listeners.click({ preventDefault: () => { prevented = true; } });
  assert.equal(prevented, true, 'a link to the same URL with a fragment would only scroll');
  assert.equal(reloads, 1);
});

test('startLivePage gives the connection the memory of this page in this tab', () => {
  const page = fakePage(null);
  const items = new Map();
  page.win.sessionStorage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
  let handlers = null;
  startLivePage({
    doc: page.doc,
    win: page.win,
    connect: (config, given) => { handlers = given; return { stop() {}, retryNow() {} }; },
    mount: () => ({ onChange() {} }),
  });
  assert.equal(handlers.refusals.remember(NOW), true);
  assert.deepEqual([...items.keys()], [memoryKey(page.win.location)]);
});

/** A document and window just big enough for startLivePage and swapFromServer. */
function fakePage(freshBlocks) {
  const listeners = {};
  const parts = {};
  const blocks = (live, model) => {
    parts['nostale-live'] = { id: 'nostale-live', textContent: JSON.stringify(live), replaceWith(next) { parts[this.id] = next; } };
    parts['nostale-model'] = { id: 'nostale-model', textContent: JSON.stringify(model), replaceWith(next) { parts[this.id] = next; } };
    parts['live-region'] = { id: 'live-region', textContent: '', replaceWith(next) { parts[this.id] = next; } };
  };
  blocks({ gateway: 'ws://gw/live', token: 't1', timepoint: 'TP1', page: 'room:5', userId: 7 }, { member: false });
  const doc = {
    title: 'Old',
    getElementById: (id) => parts[id] ?? null,
    querySelector: () => null,
    importNode: (node) => node,
  };
  let reloads = 0;
  let fetches = 0;
  const win = {
    location: { href: 'http://r/rooms/5', pathname: '/rooms/5', reload: () => { reloads += 1; } },
    addEventListener: (type, fn) => { listeners[type] = fn; },
    setTimeout: (fn) => fn(),
    console: { warn() {} },
    fetch: async () => {
      fetches += 1;
      return freshBlocks === null ? { ok: false, status: 404, url: 'http://r/rooms/5' }
        : { ok: true, status: 200, url: 'http://r/rooms/5', text: async () => 'html' };
    },
    DOMParser: class {
      parseFromString() {
        const fresh = {
          'nostale-live': { id: 'nostale-live', textContent: JSON.stringify(freshBlocks?.live) },
          'nostale-model': { id: 'nostale-model', textContent: JSON.stringify(freshBlocks?.model) },
          'live-region': { id: 'live-region', textContent: 'fresh' },
        };
        return { title: 'Fresh', getElementById: (id) => fresh[id], querySelectorAll: () => [] };
      }
    },
  };
  return { doc, win, parts, reloads: () => reloads, fetches: () => fetches };
}

test('startLivePage swaps the page in place and mounts it again with the new token, knowing the previous one', async () => {
  const page = fakePage({ live: { gateway: 'ws://gw/live', token: 't2', timepoint: 'TP2', page: 'room:5', userId: 7 },
    model: { member: true } });
  const mounts = [];
  const connections = [];
  startLivePage({
    doc: page.doc,
    win: page.win,
    inPlaceReasons: ['access-changed'],
    connect: (config, handlers) => { connections.push({ config, handlers }); return { stop() {}, retryNow() {} }; },
    mount: (config, model, previous) => {
      const mounted = { model, previous, disposed: false, onChange() {}, dispose() { this.disposed = true; } };
      mounts.push(mounted);
      return mounted;
    },
  });
  assert.equal(connections[0].config.token, 't1');
  assert.deepEqual(connections[0].handlers.inPlaceReasons, ['access-changed']);
  await connections[0].handlers.refreshInPlace('access-changed');
  assert.equal(page.parts['live-region'].textContent, 'fresh');
  assert.equal(page.doc.title, 'Fresh');
  assert.equal(connections[1].config.token, 't2');
  assert.equal(connections[1].config.timepoint, 'TP2');
  assert.equal(mounts[1].previous, mounts[0]);
  assert.equal(mounts[0].disposed, true);
  assert.deepEqual(mounts[1].model, { member: true });
  assert.equal(page.reloads(), 0);
});

test('an in-place refresh that cannot get the page retries, then reloads', async () => {
  const page = fakePage(null);
  const connections = [];
  startLivePage({
    doc: page.doc,
    win: page.win,
    inPlaceReasons: ['access-changed'],
    connect: (config, handlers) => { connections.push(handlers); return { stop() {}, retryNow() {} }; },
    mount: () => ({ onChange() {} }),
  });
  await connections[0].refreshInPlace('access-changed');
  await new Promise((resolve) => { setTimeout(resolve, 10); });
  assert.equal(page.fetches(), 3);
  assert.equal(page.reloads(), 1);
  assert.equal(connections.length, 1);
});
