// live.js — the generic connection between a rendered page and the nostale gateway.
//
// A page embeds <script type="application/json" id="nostale-live">{"gateway","token","timepoint","page","userId",
// "grants"} and one element with [data-live-status]. connectLive() subscribes from the page's timepoint, hands every
// change to the page, remembers the last position it applied (with the gateway's proof for it), and after any
// disconnect resumes from there (exponential backoff with jitter, 250 ms up to 10 s). When the gateway cannot prove
// completeness, or when the page must be read anew (a table it shows was truncated: `truncated`), it says "resync"
// (or closes with 4409) and the page reloads: a fresh render is the only honest state then.
// A page may opt in to refresh IN PLACE for some reasons (a room page for `access-changed`): it re-fetches
// its own URL, swaps its content and JSON blocks, and connects again with the new token and timepoint. When the
// gateway refuses the subscription (close 4400 / 4401) the page reloads once; refused again, it stops for good and
// offers a reload link instead of looping (refusal.js has the rule).
//
// Status: connecting (at render) -> live (caught-up received) -> reconnecting (connection lost)
//         -> live again after catching up; resyncing (reload or in-place refresh under way);
//         stopped (refused again after its reload: no further connection attempts);
//         delayed (connected, but the stream is older than the gateway's freshness limit: capture, the relay, Kafka
//         or the gateway stands still; freshness.js has the rule) -> live again once the stream is fresh.

import { afterRefusal, isRefusal, pageRefusalMemory } from './refusal.js';
import { freshnessTracker, freshStatus, readAtOf, secondsBehind } from './freshness.js';

export const RECONNECT_INITIAL_MS = 250;
export const RECONNECT_MAX_MS = 10_000;
/** With no frame at all (changes or heartbeats) for this long, the connection is presumed dead. */
export const SILENCE_TIMEOUT_MS = 60_000;
export const CLOSE_RESYNC = 4409;
/** How often a connected page looks again at how far behind its stream is (the seconds in its status move on). */
export const FRESHNESS_TICK_MS = 1_000;

/** Reads and parses a <script type="application/json" id="..."> block; null when the page has none. */
export function readJsonBlock(id, doc = document) {
  const element = doc.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

/** What a person reads for each status; the attribute keeps the machine value. */
export const STATUS_TEXT = Object.freeze({
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  resyncing: 'Refreshing…',
  stopped: 'This page stopped updating.',
  delayed: 'Delayed',
});

/** The status text of a delayed page: how far behind its updates are. */
export function delayedText(seconds) {
  return `Delayed — updates are ${seconds} s behind`;
}
export const RELOAD_LINK_TEXT = 'Reload';

/**
 * Writes the status to the page's one [data-live-status] element (attribute and visible text). A stopped page
 * will not try again by itself, so its sentence ends with a link that reloads it.
 */
export function statusElementSetter(doc = document, win = globalThis) {
  const element = doc.querySelector('[data-live-status]');
  return (status, detail = {}) => {
    if (element) {
      element.setAttribute('data-live-status', status);
      element.textContent = status === 'delayed' && Number.isFinite(detail.behindSeconds)
        ? delayedText(detail.behindSeconds) : STATUS_TEXT[status] ?? status;
      if (status === 'stopped') {
        element.append(' ', reloadLink(doc, win));
      }
    }
  };
}

/** A link to the page itself that reloads it (a plain link to a URL with a #fragment would only scroll). */
function reloadLink(doc, win) {
  const link = doc.createElement('a');
  link.href = win.location.href;
  link.textContent = RELOAD_LINK_TEXT;
  link.setAttribute('data-live-reload', '');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    win.location.reload();
  });
  return link;
}

/** Delay before reconnect attempt number `attempt` (0-based): doubling from 250 ms, capped at 10 s, jittered down to half. */
export function reconnectDelay(attempt, random = Math.random) {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/**
 * Connects the page. `config` is the #nostale-live document. Handlers and environment:
 *   onChange(message)   apply one change message (must be synchronous; throwing forces a resync)
 *   onCaughtUp(message) optional, after the replay is complete
 *   setStatus(status, detail) default: statusElementSetter(document); detail.behindSeconds for 'delayed'
 *   refreshInPlace(reason), inPlaceReasons: optional; a resync whose reason is listed calls refreshInPlace
 *                       instead of reloading (the connection is closed for good either way)
 *   refusals            the page's memory of a reload for a refusal (refusal.js), default: this window's
 *   WebSocket, reload, setTimeout, clearTimeout, random, now, monotonic, log: injectable for tests
 * Returns { stop(), state() }.
 */
export function connectLive(config, handlers) {
  const env = {
    WebSocket: globalThis.WebSocket,
    reload: () => globalThis.location.reload(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id) => globalThis.clearTimeout(id),
    random: Math.random,
    now: () => Date.now(),
    monotonic: () => globalThis.performance.now(),
    log: globalThis.console,
    silenceTimeoutMs: SILENCE_TIMEOUT_MS,
    setStatus: handlers.setStatus ?? statusElementSetter(),
    refusals: handlers.refusals ?? pageRefusalMemory(),
    ...handlers,
  };
  let socket = null;
  let attempts = 0;
  let resume = null;        // {stream, offset, position, proof?} of the last change/heartbeat/caught-up applied
  let lastChange = null;    // {stream, offset} of the last change applied, to drop redeliveries
  let status = 'connecting';
  let stopped = false;
  let retryTimer = null;
  let silenceTimer = null;
  let freshnessTimer = null;
  let caughtUp = false;     // this connection has sent caught-up
  let waitingStatus = 'connecting'; // what the page shows while this connection catches up
  let behind = null;        // seconds shown while delayed
  const freshness = freshnessTracker(readAtOf(config.timepoint), env.monotonic());

  function setStatus(next) {
    if (status !== next) {
      status = next;
      behind = null;
      env.setStatus(next);
    }
  }

  /** Live, delayed or still catching up, from what the frames said about the stream (freshness.js). */
  function judgeFreshness() {
    if (stopped || !socket) {
      return; // reconnecting, resyncing, stopped: those say more than freshness could
    }
    const lag = freshness.lag(env.monotonic());
    const next = freshStatus({ caughtUp, passedRead: freshness.passedRead(), lag, freshness: freshness.freshness() });
    if (next === 'delayed') {
      const seconds = secondsBehind(lag);
      if (status !== 'delayed' || behind !== seconds) {
        status = 'delayed';
        behind = seconds;
        env.setStatus('delayed', { behindSeconds: seconds });
      }
    } else {
      setStatus(next ?? waitingStatus);
    }
  }

  /** While the gateway reports freshness, the page looks again every second: a silent stream ages too. */
  function armFreshnessTimer() {
    if (freshnessTimer !== null || stopped || !freshness.reporting()) {
      return;
    }
    freshnessTimer = env.setTimeout(() => {
      freshnessTimer = null;
      judgeFreshness();
      if (socket) {
        armFreshnessTimer();
      }
    }, FRESHNESS_TICK_MS);
  }

  function disarmFreshnessTimer() {
    if (freshnessTimer !== null) {
      env.clearTimeout(freshnessTimer);
      freshnessTimer = null;
    }
  }

  function open() {
    retryTimer = null;
    if (stopped) {
      return;
    }
    const ws = new env.WebSocket(config.gateway);
    socket = ws;
    caughtUp = false;
    waitingStatus = status === 'connecting' ? 'connecting' : 'reconnecting';
    ws.onopen = () => {
      const subscribe = { type: 'subscribe', token: config.token, timepoint: config.timepoint };
      if (resume) {
        subscribe.resume = { ...resume };
      }
      ws.send(JSON.stringify(subscribe));
      armSilenceTimer(ws);
    };
    ws.onmessage = (event) => {
      if (ws === socket) {
        armSilenceTimer(ws);
        receive(event.data);
      }
    };
    ws.onclose = (event) => {
      if (ws === socket) {
        closed(event.code, event.reason);
      }
    };
    ws.onerror = () => { /* a close event follows and decides what to do */ };
  }

  function receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      env.log.warn('nostale: ignoring a frame that is not JSON', e);
      return;
    }
    switch (message.type) {
      case 'change':
        if (lastChange && message.stream === lastChange.stream && message.offset <= lastChange.offset) {
          return; // already applied: at-least-once delivery must not reach the page twice
        }
        try {
          env.onChange(message);
        } catch (e) {
          env.log.error('nostale: could not apply a change, reloading', e);
          resync('apply-failed');
          return;
        }
        lastChange = { stream: message.stream, offset: message.offset };
        remember(message);
        noteFreshness(message);
        break;
      case 'caught-up':
        remember(message);
        attempts = 0;
        env.refusals.forget(); // accepted: a refusal from now on is a new one and gets its reload
        caughtUp = true;
        noteFreshness(message);
        env.onCaughtUp?.(message);
        break;
      case 'heartbeat':
        remember(message);
        noteFreshness(message);
        break;
      case 'resync':
        env.log.info(`nostale: gateway asks to resync (${message.reason}): ${message.detail ?? ''}`);
        resync(message.reason);
        break;
      case 'error':
        // The gateway closes the connection next; the close decides whether to retry.
        env.log.warn(`nostale: gateway error ${message.code}: ${message.message}`);
        break;
      default:
        env.log.warn('nostale: ignoring unknown message type', message.type);
    }
  }

  function noteFreshness(message) {
    freshness.frame(message, env.monotonic());
    judgeFreshness();
    armFreshnessTimer();
  }

  function remember(message) {
    if (typeof message.stream !== 'string' || typeof message.offset !== 'number'
        || typeof message.position !== 'string') {
      return;
    }
    if (resume && resume.stream === message.stream && message.offset < resume.offset) {
      return; // never move the resume point backwards
    }
    resume = { stream: message.stream, offset: message.offset, position: message.position };
    // The gateway signs each point it streamed to; a room page cannot resume without it (resume-unproven).
    // Sent back only when given: a point without proof must not borrow the previous point's.
    if (typeof message.proof === 'string') {
      resume.proof = message.proof;
    }
  }

  function closed(code, reason) {
    socket = null;
    disarmSilenceTimer();
    disarmFreshnessTimer();
    if (stopped) {
      return;
    }
    if (code === CLOSE_RESYNC) {
      resync(reason || 'closed-4409');
      return;
    }
    if (isRefusal(code)) {
      refused(code, reason);
      return;
    }
    setStatus('reconnecting');
    const delay = reconnectDelay(attempts++, env.random);
    retryTimer = env.setTimeout(open, delay);
  }

  function resync(reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    setStatus('resyncing');
    disarmSilenceTimer();
    disarmFreshnessTimer();
    if (socket) {
      const ws = socket;
      socket = null;
      ws.close(1000, 'resync');
    }
    if (typeof env.refreshInPlace === 'function' && (env.inPlaceReasons ?? []).includes(reason)) {
      env.log.info(`nostale: refreshing the page in place (${reason})`);
      env.refreshInPlace(reason);
      return;
    }
    env.log.info(`nostale: reloading the page (${reason})`);
    env.reload();
  }

  /** Close 4400 / 4401: the same subscription would be refused again. Reload once (refusal.js), else stop. */
  function refused(code, reason) {
    stopped = true;
    const now = env.now();
    // Reload only if the reload is remembered: the fresh page must know it was reloaded, or it could loop.
    if (afterRefusal(env.refusals.reloadedAt(), now) === 'reload' && env.refusals.remember(now)) {
      env.log.warn(`nostale: the gateway refused this page (${code} ${reason ?? ''}), reloading it once`);
      setStatus('resyncing');
      env.reload();
      return;
    }
    env.log.warn(`nostale: the gateway refused this page (${code} ${reason ?? ''}); a further reload could loop, stopped`);
    setStatus('stopped');
  }

  function armSilenceTimer(ws) {
    disarmSilenceTimer();
    silenceTimer = env.setTimeout(() => {
      if (ws === socket) {
        env.log.warn('nostale: no frame from the gateway for too long, reconnecting');
        ws.close(4000, 'silent');
        closed(4000, 'silent'); // do not wait for a dead connection's close handshake
      }
    }, env.silenceTimeoutMs);
  }

  function disarmSilenceTimer() {
    if (silenceTimer !== null) {
      env.clearTimeout(silenceTimer);
      silenceTimer = null;
    }
  }

  open();
  return {
    /** Closes for good (page going away); no reconnect. */
    stop() {
      stopped = true;
      disarmSilenceTimer();
      disarmFreshnessTimer();
      if (retryTimer !== null) {
        env.clearTimeout(retryTimer);
      }
      if (socket) {
        const ws = socket;
        socket = null;
        ws.close(1000, 'page closed');
      }
    },
    /** For tests and debugging: the current status and resume point. */
    state() {
      return { status, resume: resume && { ...resume }, attempts, behind };
    },
    /** Reconnect now if a retry is waiting (e.g. the browser just came back online). */
    retryNow() {
      if (retryTimer !== null && !stopped) {
        env.clearTimeout(retryTimer);
        open();
      }
    },
  };
}

/** Ids of the parts an in-place refresh replaces: the page's content and its two JSON blocks. */
export const SWAPPED_IDS = Object.freeze(['live-region', 'nostale-live', 'nostale-model']);

/**
 * Fetches the page's own URL again and swaps, in place, every element of `ids` (and the document title and CSRF
 * meta tags) for the fresh render's. Throws when the answer is not that page (signed out, error, missing parts):
 * the caller reloads then. Nothing outside those parts is touched, so window state survives.
 */
export async function swapFromServer(doc, win, ids = SWAPPED_IDS) {
  const response = await win.fetch(win.location.href, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'text/html' },
  });
  if (!response.ok || new URL(response.url, win.location.href).pathname !== win.location.pathname) {
    throw new Error(`in-place refresh answered HTTP ${response.status} from ${response.url}`);
  }
  const fresh = new win.DOMParser().parseFromString(await response.text(), 'text/html');
  const pairs = ids.map((id) => [doc.getElementById(id), fresh.getElementById(id)]);
  if (pairs.some(([old, next]) => !old || !next)) {
    throw new Error('in-place refresh: the fresh page lacks a part to swap');
  }
  for (const [old, next] of pairs) {
    old.replaceWith(doc.importNode(next, true));
  }
  for (const meta of fresh.querySelectorAll('meta[name^="csrf-"]')) {
    doc.querySelector(`meta[name="${meta.getAttribute('name')}"]`)?.setAttribute('content', meta.getAttribute('content'));
  }
  doc.title = fresh.title;
}

const REFRESH_ATTEMPTS = 3;

/**
 * Runs a live page: reads its JSON blocks, lets `mount(config, model, previous)` build the page's handlers
 * ({onChange, onCaughtUp?, dispose?}) and connects. For a resync whose reason is in `inPlaceReasons` the page is
 * swapped in place (swapFromServer) and mounted again, `previous` being the handlers it had; any other resync
 * reloads. Also: stops on pagehide, reloads when restored from the back/forward cache, retries when back online.
 */
export function startLivePage({ mount, inPlaceReasons = [], doc = document, win = window, ids = SWAPPED_IDS,
  connect = connectLive }) {
  let current = null;

  function start(previous) {
    const config = readJsonBlock('nostale-live', doc);
    if (!config) {
      return false;
    }
    const page = mount(config, readJsonBlock('nostale-model', doc) ?? {}, previous);
    if (!page) {
      return false;
    }
    const live = connect(config, {
      onChange: (message) => page.onChange(message),
      onCaughtUp: (message) => page.onCaughtUp?.(message),
      setStatus: statusElementSetter(doc, win),
      inPlaceReasons,
      refreshInPlace: () => refresh(page),
      refusals: pageRefusalMemory(win),
    });
    current = { page, live };
    return true;
  }

  async function refresh(page, attempt = 0) {
    try {
      await swapFromServer(doc, win, ids);
    } catch (e) {
      if (attempt + 1 < REFRESH_ATTEMPTS) {
        win.setTimeout(() => refresh(page, attempt + 1), 500 * 2 ** attempt);
        return;
      }
      win.console.warn('nostale: in-place refresh failed, reloading', e);
      win.location.reload();
      return;
    }
    page.dispose?.();
    start(page);
  }

  win.addEventListener('pagehide', () => current?.live.stop());
  win.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      win.location.reload(); // restored from the back/forward cache: its state and connection are gone
    }
  });
  win.addEventListener('online', () => current?.live.retryNow());
  if (!start(null)) {
    return null;
  }
  return {
    /** For tests and debugging: the page's handlers and its connection. */
    current: () => current,
  };
}
