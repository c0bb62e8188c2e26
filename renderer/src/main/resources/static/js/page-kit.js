// page-kit.js — small pieces every live page's view shares: one redraw per burst of changes, keyed lists that keep
// unchanged elements, CSRF fields for forms the script builds, the names of users, times as the server shows
// them, and forms that submit in the background (the result arrives through the live stream like any change).
// Elements are created and filled with textContent only: no HTML is ever built from data.

/**
 * Calls `draw` once per burst: the changes of one transaction (say, request admitted + member added) arrive
 * together and must not flash an intermediate state. rAF does not run in hidden tabs, hence the timer too.
 */
export function createDrawScheduler(win, draw) {
  let scheduled = false;
  return function scheduleDraw() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    let frame = null;
    const timer = win.setTimeout(run, 100);
    frame = win.requestAnimationFrame?.(run) ?? null;
    function run() {
      if (!scheduled) {
        return;
      }
      scheduled = false;
      win.clearTimeout(timer);
      if (frame !== null) {
        win.cancelAnimationFrame(frame);
      }
      draw();
    }
  };
}

/**
 * Makes `list`'s children exactly the elements `create(item)` builds for `items`, in order. An existing child with
 * the same key that is equal (isEqualNode) to the new one is kept, so focus and references survive and a
 * server-rendered list is left alone when it already shows the model; others are replaced or moved.
 */
export function renderKeyed(list, keyAttribute, items, create) {
  const existing = new Map();
  for (const element of [...list.children]) {
    existing.set(element.getAttribute(keyAttribute), element);
  }
  const wanted = items.map((item) => {
    const fresh = create(item);
    const key = fresh.getAttribute(keyAttribute);
    const old = existing.get(key);
    if (old && old.isEqualNode(fresh)) {
      existing.delete(key);
      return old;
    }
    return fresh;
  });
  for (const stale of existing.values()) {
    stale.remove();
  }
  wanted.forEach((element, index) => {
    if (list.children[index] !== element) {
      list.insertBefore(element, list.children[index] ?? null);
    }
  });
}

/** Builds an element: `el(doc, 'a', {class: 'x', href: '/y'}, 'text', child...)`; strings become text nodes. */
export function el(doc, tag, attributes = {}, ...children) {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      element.append(typeof child === 'string' ? doc.createTextNode(child) : child);
    }
  }
  return element;
}

/** The CSRF field the server put into the page head ({param, token}); null without one. */
export function readCsrf(doc) {
  const param = doc.querySelector('meta[name="csrf-param"]')?.getAttribute('content');
  const token = doc.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  return param && token ? { param, token } : null;
}

/**
 * A POST form as the templates render it: `<form [class] method="post" action data-live-form><input type="hidden"
 * name=PARAM value=TOKEN>...fields...<button type="submit">` — attribute for attribute, so equal nodes compare equal.
 */
export function postForm(doc, csrf, { action, className, fields = {}, button, buttonClass, label }) {
  const form = el(doc, 'form', { class: className, method: 'post', action, 'data-live-form': true });
  if (csrf) {
    form.append(el(doc, 'input', { type: 'hidden', name: csrf.param, value: csrf.token }));
  }
  for (const [name, value] of Object.entries(fields)) {
    form.append(el(doc, 'input', { type: 'hidden', name, value }));
  }
  form.append(el(doc, 'button', { type: 'submit', class: buttonClass, 'aria-label': label }, button));
  return form;
}

const SHOWN_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}/;

/**
 * An ISO-8601 instant in any spelling (stream rows, JSON) as the server shows it: datetime in whole seconds UTC,
 * text "yyyy-MM-dd HH:mm UTC" — RoomViews.Stamp does the same, so live rows equal rendered ones.
 */
export function stamp(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return { iso: String(iso), shown: String(iso) };
  }
  const canonical = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const [, day, minute] = SHOWN_PATTERN.exec(canonical);
  return { iso: canonical, shown: `${day} ${minute} UTC` };
}

const FETCH_RETRIES = 5;

/**
 * GET `url` as JSON with retries on network errors and 5xx. Resolves {status, body}: body for 2xx, null otherwise
 * (4xx are answers, not failures). A 401 means signed out: the page reloads into the login form.
 */
export async function fetchJson(win, url, attempt = 0) {
  try {
    const response = await win.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      win.location.reload();
      return { status: 401, body: null };
    }
    if (response.status >= 500) {
      throw new Error(`HTTP ${response.status}`);
    }
    return { status: response.status, body: response.ok ? await response.json() : null };
  } catch (e) {
    if (attempt + 1 >= FETCH_RETRIES) {
      win.console.warn(`nostale: giving up on ${url}`, e);
      return { status: 0, body: null };
    }
    await new Promise((resolve) => { win.setTimeout(resolve, 500 * 2 ** attempt); });
    return fetchJson(win, url, attempt + 1);
  }
}

/**
 * Display names the page knows (`users` of its model) and learns from GET /api/users/{id} when a change names
 * someone new. `onLearned()` runs after each name that arrives. A 404 (a user this visitor may not see) is final.
 */
export class NameBook {
  constructor(win, users, onLearned) {
    this.win = win;
    this.names = new Map(Object.entries(users ?? {}).map(([id, name]) => [Number(id), String(name)]));
    this.asked = new Set();
    this.onLearned = onLearned;
  }

  get(id) {
    return this.names.get(Number(id)) ?? null;
  }

  learn(id, name) {
    const known = this.names.get(Number(id));
    this.names.set(Number(id), String(name));
    return known !== String(name);
  }

  /** Fetches the names of `ids` not known yet (each at most once). */
  need(ids) {
    for (const id of ids) {
      const key = Number(id);
      if (!this.names.has(key) && !this.asked.has(key)) {
        this.asked.add(key);
        this.#fetch(key);
      }
    }
  }

  async #fetch(id) {
    const { body } = await fetchJson(this.win, `/api/users/${encodeURIComponent(String(id))}`);
    if (body && Number(body.id) === id && typeof body.displayName === 'string') {
      this.learn(id, body.displayName);
      this.onLearned();
    }
  }
}

/**
 * Forms marked data-live-form submit in the background: the page stays (and stays live), the button waits
 * while the request runs, `data-reset` forms are cleared after success, and a refusal is shown in #form-notice.
 * Without JavaScript the same forms post and redirect as usual. Delegated on the document: survives swaps.
 */
export function enhanceForms(doc, win) {
  doc.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof win.HTMLFormElement) || !form.hasAttribute('data-live-form')) {
      return;
    }
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') {
      return;
    }
    form.setAttribute('aria-busy', 'true');
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const response = await win.fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        body: new win.URLSearchParams(new win.FormData(form)),
      });
      if (new URL(response.url, win.location.href).pathname === '/login') {
        win.location.reload(); // signed out meanwhile
        return;
      }
      if (!response.ok) {
        showNotice(doc, refusal(response.status));
        return;
      }
      showNotice(doc, '');
      if (form.hasAttribute('data-reset')) {
        form.reset();
      } else {
        // what was sent is the field's new baseline: live updates may overwrite it again (see room-view.js)
        form.querySelectorAll('input:not([type=hidden])').forEach((input) => { input.defaultValue = input.value; });
      }
    } catch (e) {
      showNotice(doc, 'Could not reach the server. Please try again.');
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((button) => { button.disabled = false; });
    }
  });
  // Ctrl/Cmd+Enter in a textarea of such a form sends it.
  doc.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && target instanceof win.HTMLTextAreaElement
        && target.form?.hasAttribute('data-live-form')) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });
}

function refusal(status) {
  switch (status) {
    case 400: return 'That was not accepted: please check what you entered.';
    case 403: return 'You are not allowed to do that (any more).';
    case 404: return 'That no longer exists.';
    default: return `The server could not do that (HTTP ${status}).`;
  }
}

function showNotice(doc, text) {
  const notice = doc.getElementById('form-notice');
  if (notice) {
    notice.textContent = text;
    notice.hidden = text === '';
  }
}
