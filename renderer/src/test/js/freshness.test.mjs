// Unit tests of the page's freshness judgement (freshness.js) and of how the connection shows it (live.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshnessTracker, freshStatus, readAtOf, secondsBehind, streamLag, DEFAULT_FRESHNESS_MS }
  from '../../main/resources/static/js/freshness.js';
import { connectLive, delayedText, statusElementSetter, FRESHNESS_TICK_MS }
  from '../../main/resources/static/js/live.js';

const READ = Date.parse('2026-11-25T19:40:00.123Z');
const TIMEPOINT = '0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123456Z';

test('the read instant comes from the timepoint; a timepoint without one gives NaN', () => {
  assert.equal(readAtOf(TIMEPOINT), READ);
  assert.ok(Number.isNaN(readAtOf('TP')));
  assert.ok(Number.isNaN(readAtOf(undefined)));
  assert.equal(readAtOf(TIMEPOINT + '@2026-11-25T19:39:00Z'), READ, 'a held commit does not move the read');
});

test('the lag is the larger of the stream against the read moved on by the page clock, and the gateway age', () => {
  // 3 s after connecting; the stream is 1 s past the read; the gateway got it 2 s before a frame 0.5 s ago
  assert.equal(streamLag({ readAt: READ, sinceStart: 3_000, streamAt: READ + 1_000, streamAge: 2_000, sinceFrame: 500 }),
    2_500);
  // relay backlog: records keep coming (age 0) but their commit times are 20 s behind the read
  assert.equal(streamLag({ readAt: READ, sinceStart: 1_000, streamAt: READ - 20_000, streamAge: 0, sinceFrame: 0 }),
    21_000);
  assert.equal(streamLag({ readAt: READ, sinceStart: 0, streamAt: READ + 5_000, streamAge: 0, sinceFrame: 0 }), 0);
  assert.equal(streamLag({ readAt: NaN, sinceStart: 0, streamAt: NaN, streamAge: NaN, sinceFrame: NaN }), null);
  assert.equal(streamLag({ readAt: NaN, sinceStart: 0, streamAt: READ, streamAge: 4_000, sinceFrame: 1_000 }), 5_000);
});

test('delayed past the freshness limit; live only once caught up and past the read point', () => {
  assert.equal(freshStatus({ caughtUp: true, passedRead: true, lag: 15_001, freshness: 15_000 }), 'delayed');
  assert.equal(freshStatus({ caughtUp: true, passedRead: true, lag: 15_000, freshness: 15_000 }), 'live');
  assert.equal(freshStatus({ caughtUp: false, passedRead: false, lag: 20_000, freshness: 15_000 }), 'delayed');
  assert.equal(freshStatus({ caughtUp: false, passedRead: true, lag: 0, freshness: 15_000 }), null);
  assert.equal(freshStatus({ caughtUp: true, passedRead: false, lag: 1_000, freshness: 15_000 }), null);
  assert.equal(freshStatus({ caughtUp: true, passedRead: true, lag: null, freshness: 15_000 }), 'live');
  assert.equal(secondsBehind(15_400), 15);
  assert.equal(secondsBehind(200), 1);
});

test('the tracker learns nothing from a gateway that reports no freshness, not even from changes', () => {
  const t = freshnessTracker(READ, 0);
  t.frame({ type: 'change', commitMillis: READ - 60_000 }, 10);
  t.frame({ type: 'heartbeat', offset: 3 }, 20);
  assert.equal(t.lag(100_000), null);
  assert.equal(t.passedRead(), true);
  assert.equal(t.freshness(), DEFAULT_FRESHNESS_MS);
});

test('the tracker ages a silent stream on the page clock and takes fresh changes as news', () => {
  const t = freshnessTracker(READ, 0);
  t.frame({ type: 'caught-up', streamAt: READ + 1_000, streamAge: 500, freshness: 10_000 }, 1_000);
  assert.equal(t.freshness(), 10_000);
  assert.equal(t.passedRead(), true);
  assert.equal(t.lag(1_000), 500);
  assert.equal(t.lag(12_000), 11_500); // nothing since: the gateway age moves on by the page's own clock
  t.frame({ type: 'change', commitMillis: READ + 11_500 }, 12_000);
  assert.equal(t.lag(12_000), 500); // readAt + 12 s - (readAt + 11.5 s)
  t.frame({ type: 'heartbeat', streamAt: READ + 2_000, streamAge: 9_000 }, 13_000); // an older time never moves it back
  assert.equal(t.lag(13_000), 9_000);
});

test('a page read after the newest database time has not passed its read point until a later commit arrives', () => {
  const t = freshnessTracker(READ, 0);
  t.frame({ type: 'heartbeat', streamAt: READ - 3_000, streamAge: 3_000 }, 0);
  assert.equal(t.passedRead(), false);
  t.frame({ type: 'heartbeat', streamAge: 3_000 }, 0); // the gateway has seen no commit time at all
  assert.equal(t.passedRead(), false);
  t.frame({ type: 'heartbeat', streamAt: READ + 1, streamAge: 0 }, 0);
  assert.equal(t.passedRead(), true);
});

class FakeSocket {
  static all = [];
  constructor() { FakeSocket.all.push(this); this.sent = []; }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() {}
  open() { this.onopen?.(); }
  deliver(message) { this.onmessage?.({ data: JSON.stringify(message) }); }
  drop(code = 1006) { this.onclose?.({ code, reason: '' }); }
}

function page() {
  FakeSocket.all = [];
  let clock = 0;
  const timers = [];
  const statuses = [];
  const live = connectLive({ gateway: 'ws://gw/live', token: 'tok', timepoint: TIMEPOINT }, {
    WebSocket: FakeSocket,
    setTimeout: (fn, ms) => { timers.push({ fn, ms, cancelled: false }); return timers.length - 1; },
    clearTimeout: (id) => { timers[id].cancelled = true; },
    random: () => 1,
    reload: () => {},
    monotonic: () => clock,
    setStatus: (s, detail) => statuses.push(detail?.behindSeconds ? `${s} ${detail.behindSeconds}` : s),
    onChange: () => {},
    log: { info() {}, warn() {}, error() {} },
  });
  /** Moves the page clock on, second by second, running the freshness ticks that fall due. */
  const wait = (ms) => {
    for (let left = ms; left > 0; left -= FRESHNESS_TICK_MS) {
      clock += Math.min(FRESHNESS_TICK_MS, left);
      const tick = timers.find((t) => !t.cancelled && t.ms === FRESHNESS_TICK_MS);
      if (tick) {
        tick.cancelled = true;
        tick.fn();
      }
    }
  };
  return { live, statuses, socket: () => FakeSocket.all.at(-1), wait, timers };
}

const point = (type, offset, extra) => ({ type, stream: 's1', offset, position: `0/${offset}#0/${offset}`, ...extra });

test('a live page whose stream stands still goes delayed, counts the seconds, and is live again when it moves', () => {
  const p = page();
  p.socket().open();
  p.socket().deliver(point('caught-up', 1, { streamAt: READ + 500, streamAge: 0, freshness: 15_000 }));
  assert.deepEqual(p.statuses, ['live']);
  p.wait(5_000);
  p.socket().deliver(point('heartbeat', 1, { streamAt: READ + 500, streamAge: 5_000, freshness: 15_000 }));
  p.wait(10_000); // 15 s since: not past the limit yet
  assert.deepEqual(p.statuses, ['live']);
  p.wait(2_000);
  assert.deepEqual(p.statuses, ['live', 'delayed 16', 'delayed 17']);
  assert.equal(p.live.state().status, 'delayed');
  p.socket().deliver(point('heartbeat', 9, { streamAt: READ + 17_000, streamAge: 100, freshness: 15_000 }));
  assert.equal(p.live.state().status, 'live');
});

test('a page rendered while capture stood still is delayed, and not live before caught-up past its read', () => {
  const p = page();
  p.socket().open();
  p.socket().deliver(point('heartbeat', 1, { streamAt: READ - 30_000, streamAge: 30_000, freshness: 15_000 }));
  assert.deepEqual(p.statuses, ['delayed 30']);
  p.wait(2_000);
  p.socket().deliver(point('heartbeat', 2, { streamAt: READ - 30_000, streamAge: 0, freshness: 15_000 })); // capture back, replaying
  assert.equal(p.live.state().status, 'delayed'); // still 32 s behind its own read
  p.socket().deliver(point('heartbeat', 3, { streamAt: READ - 1_000, streamAge: 0, freshness: 15_000 }));
  assert.equal(p.live.state().status, 'connecting', 'fresh enough, but not caught up yet');
  p.socket().deliver(point('caught-up', 4, { streamAt: READ + 1_000, streamAge: 0, freshness: 15_000 }));
  assert.equal(p.live.state().status, 'live');
});

test('a gateway gone silent makes the page delayed before the silence timeout gives up on it', () => {
  const p = page();
  p.socket().open();
  p.socket().deliver(point('caught-up', 1, { streamAt: READ + 1, streamAge: 2_000, freshness: 15_000 }));
  p.wait(13_000); // 2 s old when it came + 13 s of silence
  assert.equal(p.live.state().status, 'live');
  p.wait(1_000);
  assert.equal(p.live.state().status, 'delayed');
  p.socket().drop();
  assert.equal(p.live.state().status, 'reconnecting');
  assert.equal(p.timers.filter((t) => !t.cancelled && t.ms === FRESHNESS_TICK_MS).length, 0, 'no tick while closed');
});

test('the status element says how far behind a delayed page is', () => {
  const element = { attrs: {}, textContent: '', setAttribute(k, v) { this.attrs[k] = v; }, append() {} };
  const set = statusElementSetter({ querySelector: () => element }, {});
  set('delayed', { behindSeconds: 21 });
  assert.equal(element.attrs['data-live-status'], 'delayed');
  assert.equal(element.textContent, delayedText(21));
  assert.equal(element.textContent, 'Delayed — updates are 21 s behind');
  set('live');
  assert.equal(element.textContent, 'Live');
});
