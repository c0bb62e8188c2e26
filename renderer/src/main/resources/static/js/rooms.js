// rooms.js — makes /rooms live: room titles, owners and member counts, and the visitor's own state per room
// (member / pending / denied / none) follow the gateway's changes. Without JavaScript the list stays as loaded.

import { startLivePage } from './live.js';
import { RoomsModel } from './rooms-model.js';
import { renderDirectory } from './rooms-view.js';
import { NameBook, createDrawScheduler, enhanceForms, readCsrf } from './page-kit.js';

export function startRooms(doc = document, win = window) {
  if (!doc.getElementById('room-directory')) {
    return null;
  }
  enhanceForms(doc, win);
  return startLivePage({
    doc,
    win,
    mount(config, data) {
      const list = doc.getElementById('room-directory');
      const model = new RoomsModel(Number(config.userId), data);
      const names = new NameBook(win, data.users, () => scheduleDraw());
      const scheduleDraw = createDrawScheduler(win, () => {
        renderDirectory(list, doc.getElementById('room-directory-empty'), readCsrf(doc),
          model.rows().map((row) => ({ ...row, ownerName: names.get(row.ownerId) })));
        names.need(model.ownerIds());
      });
      return {
        model,
        onChange(change) {
          if (model.apply(change)) {
            scheduleDraw();
          }
        },
      };
    },
  });
}

startRooms();
