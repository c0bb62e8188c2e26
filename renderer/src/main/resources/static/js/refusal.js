// refusal.js — what a page does when the gateway refuses its subscription: close 4400 (bad request: a malformed
// frame or timepoint) or 4401 (unauthorized: a token that is forged, signed with a key the gateway does not know,
// or not issued for this timepoint). Retrying the same token cannot help; a fresh render brings a fresh one, so the
// page reloads. But only ONCE: when the fresh page is refused too (e.g. renderer and gateway disagree about the
// keys), every further reload would be refused the same way, forever. That page stops and says so instead.
//
// "Once" has to survive the reload, so the page remembers WHEN it reloaded for a refusal, in sessionStorage (one
// tab's memory: another tab showing the same page decides for itself), keyed by its URL (another page of the same
// tab is another page). The rule, afterRefusal():
//   - nothing remembered, or remembered REFUSAL_MEMORY_MS ago or longer        -> reload (and remember now)
//   - remembered less than REFUSAL_MEMORY_MS ago                               -> stop
//   - the memory cannot be read, or the reload cannot be remembered           -> stop (it could loop otherwise)
// A page the gateway accepts (caught-up) forgets, so a refusal much later (keys rotated while it was open) gets its
// one reload again; so does a page refused again after the memory has expired, e.g. a tab reopened hours later.

export const CLOSE_BAD_REQUEST = 4400;
export const CLOSE_UNAUTHORIZED = 4401;

/**
 * How long a reload for a refusal is remembered. A fresh page is answered within seconds, or within a few of its
 * reconnect waits (at most 10 s each) while the gateway is unreachable; five minutes covers that with room to
 * spare, and still lets a refusal long afterwards reload once more instead of stopping at once.
 */
export const REFUSAL_MEMORY_MS = 5 * 60_000;

const KEY_PREFIX = 'nostale.refusal-reload:';

/** True for the close codes by which the gateway refuses a subscription as it stands. */
export function isRefusal(code) {
  return code === CLOSE_BAD_REQUEST || code === CLOSE_UNAUTHORIZED;
}

/**
 * The rule: 'reload' or 'stop'. `reloadedAt` is when this page last reloaded because it was refused (epoch ms),
 * null when nothing is remembered, undefined when the memory cannot be read. A reload remembered "in the future"
 * (the clock was set back) is treated as expired: the reload then remembers the new time, so it cannot loop.
 */
export function afterRefusal(reloadedAt, now, memoryMs = REFUSAL_MEMORY_MS) {
  if (reloadedAt === undefined) {
    return 'stop';
  }
  if (reloadedAt === null) {
    return 'reload';
  }
  const age = now - reloadedAt;
  return age >= 0 && age < memoryMs ? 'stop' : 'reload';
}

/** The page's key: path and query (the fragment names a place on the same page). */
export function memoryKey(location) {
  return KEY_PREFIX + (location?.pathname ?? '') + (location?.search ?? '');
}

/**
 * The memory of one page in `storage()` (a Storage; the getter may throw, as sessionStorage does when the browser
 * blocks it). Never throws: an unusable storage reads as undefined and remembers nothing.
 *   reloadedAt()  epoch ms, null (nothing or unreadable garbage), undefined (no usable storage)
 *   remember(now) true only when the value reads back: a reload that is not remembered could loop
 *   forget()
 */
export function refusalMemory(storage, key) {
  function usable() {
    try {
      return storage() ?? undefined;
    } catch {
      return undefined;
    }
  }
  return {
    reloadedAt() {
      const store = usable();
      if (!store) {
        return undefined;
      }
      try {
        const value = store.getItem(key);
        const at = value === null ? NaN : Number(value);
        return Number.isFinite(at) ? at : null;
      } catch {
        return undefined;
      }
    },
    remember(now) {
      const store = usable();
      try {
        store?.setItem(key, String(now));
        return store?.getItem(key) === String(now);
      } catch {
        return false; // quota exceeded, or storage disabled
      }
    },
    forget() {
      try {
        usable()?.removeItem(key);
      } catch {
        // nothing remembered that could be forgotten
      }
    },
  };
}

/** The memory of the page shown in `win` (its sessionStorage, its URL). */
export function pageRefusalMemory(win = globalThis) {
  return refusalMemory(() => win.sessionStorage, memoryKey(win.location));
}
