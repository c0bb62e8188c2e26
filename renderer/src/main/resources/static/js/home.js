// home.js — makes the user home page live: reads the rendered model, applies the gateway's changes to it and
// redraws the room list in sorted order. Without JavaScript the server-rendered list simply stays as loaded.

import { startLivePage } from './live.js';
import { HomeModel } from './home-model.js';
import { renderRows } from './home-view.js';
import { createDrawScheduler, fetchJson } from './page-kit.js';

export function startHome(doc = document, win = window) {
  if (!doc.getElementById('room-list')) {
    return null;
  }
  return startLivePage({ doc, win, mount: (config, data) => mountHome(doc, win, config, data) });
}

function mountHome(doc, win, config, data) {
  const list = doc.getElementById('room-list');
  const emptyNote = doc.getElementById('room-list-empty');
  const model = new HomeModel(Number(config.userId), data);
  const fetching = new Set();
  const scheduleDraw = createDrawScheduler(win, () => {
    renderRows(list, emptyNote, model.rows());
    fetchMissingTitles();
  });

  function fetchMissingTitles() {
    for (const roomId of model.missingTitles()) {
      if (!fetching.has(roomId)) {
        fetching.add(roomId);
        fetchTitle(roomId);
      }
    }
  }

  async function fetchTitle(roomId) {
    // 404: the room's deletion is on its way through the stream; other failures were retried already
    const { body } = await fetchJson(win, `/api/rooms/${roomId}`);
    fetching.delete(roomId);
    if (body && model.learnRoom(body.id, body.title, body.version)) {
      scheduleDraw();
    }
  }

  return {
    model,
    onChange(change) {
      if (model.apply(change)) {
        scheduleDraw();
      }
    },
  };
}

startHome();
