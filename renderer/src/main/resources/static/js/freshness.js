// freshness.js — how far behind a live page's stream is, and whether the page may say "live".
//
// The gateway tells a live page, with every caught-up and heartbeat frame, `streamAt` (the newest commit time the
// stream has reached, by the database's clock), `streamAge` (the gateway's own time since that commit time arrived)
// and `freshness` (its limit). A page never compares two machines' clocks: it measures
//   - the stream against its own read (`readAt` of its timepoint, also the database's clock), moved on by the time
//     the page's own monotonic clock has run since it connected: readAt + sinceStart - streamAt;
//   - the gateway's time since the newest commit time arrived, plus the page's own time since that frame came:
//     streamAge + sinceFrame (a silent gateway makes this grow too).
// The larger is the page's lag. Beyond `freshness` the page shows "delayed". Both err on the fresh side: the page
// connects after it was read, so readAt + sinceStart is never ahead of the database's time.

export const DEFAULT_FRESHNESS_MS = 15_000;

/**
 * The read instant (epoch ms) of a timepoint text `LSN@SNAPSHOT@INSTANT`, or `LSN@SNAPSHOT@INSTANT@HELDSINCE` when
 * a commit was held at the read (the read is the third part either way); NaN when it has none.
 */
export function readAtOf(timepoint) {
  const parts = typeof timepoint === 'string' ? timepoint.split('@') : [];
  return parts.length === 3 || parts.length === 4 ? Date.parse(parts[2]) : NaN;
}

/**
 * The page's lag in ms (>= 0), or null when nothing is known (a gateway that does not report freshness).
 *   readAt      the page's read instant, epoch ms by the database's clock (NaN: unknown)
 *   sinceStart  ms on the page's monotonic clock since it connected
 *   streamAt    the newest commit time the stream has reached (NaN: none reported)
 *   streamAge   the gateway's ms since that arrived, as of the last frame that said (NaN: none)
 *   sinceFrame  ms on the page's clock since that frame
 */
export function streamLag({ readAt, sinceStart, streamAt, streamAge, sinceFrame }) {
  const candidates = [];
  if (Number.isFinite(streamAge) && Number.isFinite(sinceFrame)) {
    candidates.push(streamAge + sinceFrame);
  }
  if (Number.isFinite(readAt) && Number.isFinite(streamAt) && Number.isFinite(sinceStart)) {
    candidates.push(readAt + sinceStart - streamAt);
  }
  return candidates.length === 0 ? null : Math.max(0, ...candidates);
}

/**
 * What the status should be: 'delayed' past `freshness`; 'live' once caught up and the stream has passed the
 * page's read point; otherwise null (still connecting or reconnecting).
 */
export function freshStatus({ caughtUp, passedRead, lag, freshness }) {
  if (lag !== null && lag > freshness) {
    return 'delayed';
  }
  return caughtUp && passedRead ? 'live' : null;
}

/** Whole seconds behind, as the status text shows them. */
export function secondsBehind(lag) {
  return Math.max(1, Math.round(lag / 1000));
}

/**
 * What one page has learned about its stream's freshness from the frames it received. `readAt` from its timepoint,
 * `startedAt` on the page's monotonic clock. Frames that carry no freshness (an older gateway) teach it nothing,
 * and until one does, a change frame does not count either: the page then judges nothing, as before.
 */
export function freshnessTracker(readAt, startedAt) {
  let reporting = false;
  let streamAt = NaN;
  let streamAge = NaN;
  let frameAt = NaN;
  let freshness = DEFAULT_FRESHNESS_MS;

  function advance(at) {
    if (Number.isFinite(at) && !(at <= streamAt)) {
      streamAt = at;
    }
  }

  return {
    /** Takes in one frame the page applied, received at `now` (page clock). */
    frame(message, now) {
      if (message.type === 'caught-up' || message.type === 'heartbeat') {
        if (typeof message.streamAge !== 'number') {
          return;
        }
        reporting = true;
        advance(message.streamAt);
        streamAge = message.streamAge;
        frameAt = now;
        if (typeof message.freshness === 'number' && message.freshness > 0) {
          freshness = message.freshness;
        }
      } else if (message.type === 'change' && reporting) {
        // A live change left the gateway as it arrived there: its commit time is fresh as of now.
        advance(message.commitMillis);
        streamAge = 0;
        frameAt = now;
      }
    },
    reporting: () => reporting,
    freshness: () => freshness,
    /** The page's lag at `now` (page clock), or null while the gateway reports nothing. */
    lag(now) {
      if (!reporting) {
        return null;
      }
      return streamLag({ readAt, sinceStart: now - startedAt, streamAt, streamAge, sinceFrame: now - frameAt });
    },
    /** True once the stream has passed the page's read point (or when that cannot be known). */
    passedRead() {
      return !reporting || !Number.isFinite(readAt) || (Number.isFinite(streamAt) && streamAt > readAt);
    },
  };
}
