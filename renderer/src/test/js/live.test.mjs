// Unit tests of the gateway connection (run by HomeScriptTest: node --test), with a fake WebSocket and clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectLive, reconnectDelay, RECONNECT_MAX_MS } from '../../main/resources/static/js/live.js';

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

function harness() {
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
  });
  const socket = () => FakeSocket.all.at(-1);
  const runRetry = () => {
    const retry = timers.filter((t) => !t.cancelled && t.ms < 60_000).at(-1);
    retry.cancelled = true;
    retry.fn();
  };
  return { live, timers, statuses, changes, socket, runRetry, reloads: () => reloads };
}

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
