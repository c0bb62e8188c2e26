// room.js — makes a room's page live. Members see messages, members and (owner) requests follow the gateway's
// changes; "Load older messages" pages back through history while live changes keep applying. When the
// visitor's access changes (admitted, left, owner changed) the gateway ends the stream with resync
// access-changed: the page then refreshes IN PLACE (live.js) — content and JSON blocks swapped, no reload —
// and says what happened. Without JavaScript the page stays as loaded and its forms post as usual.

import { startLivePage } from './live.js';
import { RoomModel } from './room-model.js';
import { flash, renderRoom } from './room-view.js';
import { NameBook, createDrawScheduler, enhanceForms, fetchJson, readCsrf } from './page-kit.js';

export const ACCESS_CHANGED = 'access-changed';
/** A reader this close to the bottom of the message pane is following the conversation. */
const FOLLOW_SLACK_PX = 40;

export function startRoom(doc = document, win = window) {
  if (!doc.getElementById('live-region')?.hasAttribute('data-room-page')) {
    return null;
  }
  enhanceForms(doc, win);
  return startLivePage({ doc, win, inPlaceReasons: [ACCESS_CHANGED], mount: (config, data, previous) =>
    mountRoom(doc, win, config, data, previous) });
}

function mountRoom(doc, win, config, data, previous) {
  const model = new RoomModel(Number(config.userId), data);
  let disposed = false;
  const names = new NameBook(win, data.users, () => scheduleDraw());
  let scroll = 'newest'; // what the next draw keeps in view: 'newest' (first draw), 'reading' or 'older-loaded'
  const scheduleDraw = createDrawScheduler(win, () => {
    if (disposed) {
      return;
    }
    const pane = doc.getElementById('message-pane');
    const fromBottom = pane ? pane.scrollHeight - pane.scrollTop - pane.clientHeight : 0;
    renderRoom(doc, model, (id) => names.get(id), readCsrf(doc));
    if (pane) {
      if (scroll === 'newest' || fromBottom < FOLLOW_SLACK_PX) {
        pane.scrollTop = pane.scrollHeight; // at the newest message: follow new ones
      } else if (scroll === 'older-loaded') {
        pane.scrollTop = pane.scrollHeight - pane.clientHeight - fromBottom; // older ones appear above
      }
      scroll = 'reading';
    }
    names.need(model.userIds());
  });

  let loading = false;
  async function loadOlder() {
    if (loading || !model.hasOlder) {
      return;
    }
    loading = true;
    const button = doc.getElementById('load-older');
    button?.setAttribute('aria-busy', 'true');
    const before = model.olderCursor();
    try {
      const { status, body } = await fetchJson(win, `/api/rooms/${model.room.id}/messages?before=${before}`);
      if (disposed || !body) {
        if (status === 403 || status === 404) {
          win.console.info(`nostale: older messages refused (HTTP ${status}); the page follows its stream`);
        }
        return;
      }
      for (const message of body.messages ?? []) {
        names.learn(message.authorId, message.authorName);
      }
      if (model.mergeOlder(before, body)) {
        scroll = 'older-loaded';
        scheduleDraw();
      }
    } finally {
      loading = false;
      button?.removeAttribute('aria-busy');
    }
  }
  doc.getElementById('load-older')?.addEventListener('click', loadOlder);

  if (previous && previous.model.member !== model.member) {
    flash(doc, model.member ? 'admitted' : 'left', model.member ? 'You were admitted' : 'You left this room');
  } else if (previous && previous.model.owner !== model.owner) {
    flash(doc, model.owner ? 'owner' : 'not-owner',
      model.owner ? 'You are now the owner of this room' : 'You are no longer the owner of this room');
  }
  scheduleDraw(); // reveals "Load older" and fetches names the render lacked; equal elements stay as rendered

  return {
    model,
    loadOlder,
    onChange(change) {
      if (model.apply(change)) {
        scheduleDraw();
      }
    },
    dispose() {
      disposed = true;
    },
  };
}

startRoom();
