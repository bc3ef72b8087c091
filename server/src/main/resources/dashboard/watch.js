// Watch: a long-poll loop (?wait=true&waitIndex=N) on this member, listing events live. It starts from the index
// the first GET reports (X-Etcd-Index), so no event between two polls is lost, and resumes from X-Etcd-Index after
// an error (401 "event index cleared" included). At most MAX_EVENTS are kept; the oldest go first.
import { keyUrl, fill, el } from './api.js';

const MAX_EVENTS = 200;
const RETRY_MS = 1000;
const $ = (id) => document.getElementById(id);
let session = null; // { controller, key }

function status(text) { $('watch-status').textContent = text; }

function addEvent(body) {
  const list = $('watch-events');
  const n = body.node || {};
  const time = new Date().toLocaleTimeString();
  let text = `${time} ${body.action} ${n.key}`;
  if (n.value !== undefined) text += ` = ${n.value}`;
  if (n.ttl !== undefined) text += ` (ttl ${n.ttl}s)`;
  text += ` #${n.modifiedIndex}`;
  const li = el('li', text, { 'data-action': body.action, 'data-key': n.key || '' });
  list.insertBefore(li, list.firstChild);
  while (list.children.length > MAX_EVENTS) list.removeChild(list.lastChild);
}

const pause = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

async function loop(s) {
  const { key, recursive, controller } = s;
  const signal = controller.signal;
  let next = null;
  while (!signal.aborted) {
    try {
      if (next === null) {
        // Where to start: the store's index now (a 404 for a key not yet there reports it too).
        const res = await fetch(keyUrl(key), { cache: 'no-store', signal });
        next = Number(res.headers.get('X-Etcd-Index')) + 1;
        await res.text();
        if (!Number.isFinite(next)) throw new Error('no X-Etcd-Index header');
        status(`watching ${key}${recursive ? ' (recursive)' : ''} from index ${next}`);
        continue;
      }
      const q = new URLSearchParams({ wait: 'true', waitIndex: String(next) });
      if (recursive) q.set('recursive', 'true');
      const res = await fetch(keyUrl(key) + '?' + q, { cache: 'no-store', signal });
      const text = await res.text();
      const header = Number(res.headers.get('X-Etcd-Index'));
      const body = text ? JSON.parse(text) : null;
      if (!res.ok) {
        // Resume from the member's current index; events before it are gone (401) or unreachable.
        if (Number.isFinite(header) && header > 0) next = header + 1;
        status(`watch error: ${(body && body.message) || res.status}; resuming from index ${next}`);
        await pause(RETRY_MS, signal);
        continue;
      }
      if (!body || !body.node) continue; // an empty answer: poll again from the same index
      addEvent(body);
      next = body.node.modifiedIndex + 1;
      status(`watching ${key}${recursive ? ' (recursive)' : ''} from index ${next}`);
    } catch (e) {
      if (signal.aborted) break;
      status(`watch interrupted (${e.message}); retrying`);
      await pause(RETRY_MS, signal);
    }
  }
}

function stop() {
  if (session) session.controller.abort();
  session = null;
  $('watch-start').disabled = false;
  $('watch-stop').disabled = true;
  status('not watching');
}

function start(ev) {
  ev.preventDefault();
  stop();
  const key = $('watch-key').value.trim() || '/';
  session = { key, recursive: $('watch-recursive').checked, controller: new AbortController() };
  fill($('watch-events'));
  $('watch-start').disabled = true;
  $('watch-stop').disabled = false;
  status(`starting watch on ${key}`);
  loop(session);
}

export function initWatch() {
  $('watch-form').addEventListener('submit', start);
  $('watch-stop').addEventListener('click', stop);
}
