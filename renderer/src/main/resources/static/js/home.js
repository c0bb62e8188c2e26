// home.js — makes the user home page live: reads the rendered model, applies the gateway's changes to it and
// redraws the room list in sorted order. Without JavaScript the server-rendered list simply stays as loaded.

import { connectLive, readJsonBlock } from './live.js';
import { HomeModel } from './home-model.js';
import { renderRows } from './home-view.js';

const TITLE_RETRIES = 5;

export function startHome(doc = document, win = window) {
  const config = readJsonBlock('nostale-live', doc);
  const list = doc.getElementById('room-list');
  if (!config || !list) {
    return null;
  }
  const model = new HomeModel(Number(config.userId), readJsonBlock('nostale-model', doc) ?? {});
  const emptyNote = doc.getElementById('room-list-empty');
  const fetching = new Set();
  let drawScheduled = false;

  // Redraw once per burst: the changes of one transaction (say, request admitted + member added) arrive
  // together and must not flash an intermediate list.
  function scheduleDraw() {
    if (drawScheduled) {
      return;
    }
    drawScheduled = true;
    let frame = null;
    const timer = win.setTimeout(draw, 100); // rAF does not run in hidden tabs
    frame = win.requestAnimationFrame?.(draw) ?? null;
    function draw() {
      if (!drawScheduled) {
        return;
      }
      drawScheduled = false;
      win.clearTimeout(timer);
      if (frame !== null) {
        win.cancelAnimationFrame(frame);
      }
      renderRows(list, emptyNote, model.rows());
      fetchMissingTitles();
    }
  }

  function fetchMissingTitles() {
    for (const roomId of model.missingTitles()) {
      if (!fetching.has(roomId)) {
        fetching.add(roomId);
        fetchTitle(roomId, 0);
      }
    }
  }

  async function fetchTitle(roomId, attempt) {
    try {
      const response = await win.fetch(`/api/rooms/${roomId}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      if (response.status === 401) {
        win.location.reload(); // signed out meanwhile: the reload leads to the login page
        return;
      }
      if (response.status === 404) {
        fetching.delete(roomId); // the room's deletion is on its way through the stream
        return;
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const room = await response.json();
      fetching.delete(roomId);
      if (model.learnRoom(room.id, room.title, room.version)) {
        scheduleDraw();
      }
    } catch (e) {
      if (attempt + 1 >= TITLE_RETRIES) {
        fetching.delete(roomId);
        win.console.warn(`nostale: could not load the title of room ${roomId}`, e);
        return;
      }
      win.setTimeout(() => fetchTitle(roomId, attempt + 1), 500 * 2 ** attempt);
    }
  }

  const live = connectLive(config, {
    onChange(change) {
      if (model.apply(change)) {
        scheduleDraw();
      }
    },
  });
  win.addEventListener('pagehide', () => live.stop());
  win.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      win.location.reload(); // restored from the back/forward cache: its state and connection are gone
    }
  });
  win.addEventListener('online', () => live.retryNow());
  return { model, live };
}

startHome();
