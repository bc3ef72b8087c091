// Keyspace: browse a dir (recursive=false, sorted), view a key, create/edit/delete through the v2 API.
import { getKey, writeKey, EtcdError, fill, el } from './api.js';

const $ = (id) => document.getElementById(id);
let currentDir = '/';

function parentOf(key) {
  const i = key.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? '/' : key.slice(0, i);
}

function showError(e) {
  const box = $('key-error');
  box.hidden = false;
  box.textContent = e instanceof EtcdError ? e.describe() : String(e);
  $('key-status').textContent = '';
}

function showStatus(text) {
  $('key-error').hidden = true;
  $('key-status').textContent = text;
}

function crumbs(dir) {
  const nav = $('keys-crumbs');
  const parts = dir.split('/').filter(Boolean);
  const nodes = [];
  const root = el('button', '/', { type: 'button', 'data-dir': '/' });
  nodes.push(root);
  let path = '';
  for (const p of parts) {
    path += '/' + p;
    const b = el('button', p + '/', { type: 'button', 'data-dir': path });
    nodes.push(b);
  }
  fill(nav, ...nodes);
  for (const b of nav.querySelectorAll('button')) b.addEventListener('click', () => openDir(b.dataset.dir));
}

export async function openDir(dir) {
  currentDir = dir || '/';
  crumbs(currentDir);
  const list = $('keys-list');
  try {
    const { body } = await getKey(currentDir, { recursive: 'false', sorted: 'true' });
    const nodes = (body.node && body.node.nodes) || [];
    const items = nodes.map((n) => {
      const name = n.key.slice(n.key.lastIndexOf('/') + 1) + (n.dir ? '/' : '');
      const b = el('button', name, { type: 'button', 'data-key': n.key, 'data-dir': n.dir ? 'true' : 'false' });
      b.addEventListener('click', () => (n.dir ? openDir(n.key) : viewKey(n.key)));
      const li = el('li');
      li.appendChild(b);
      if (n.ttl) li.appendChild(el('span', ` ttl ${n.ttl}s`, { class: 'muted' }));
      return li;
    });
    if (items.length === 0) items.push(el('li', '(empty)', { class: 'muted' }));
    fill(list, ...items);
  } catch (e) {
    fill(list, el('li', e instanceof EtcdError ? e.describe() : String(e), { class: 'error' }));
  }
}

export async function viewKey(key) {
  try {
    const { body } = await getKey(key);
    const n = body.node;
    $('key-view').hidden = false;
    $('view-key').textContent = n.key;
    $('view-value').textContent = n.dir ? '(directory)' : n.value;
    $('view-ttl').textContent = n.ttl !== undefined ? `${n.ttl} s` : 'none';
    $('view-expiration').textContent = n.expiration || 'never';
    $('view-index').textContent = `${n.createdIndex} / ${n.modifiedIndex}`;
    $('key-name').value = n.key;
    $('key-value').value = n.dir ? '' : n.value;
    $('key-dir').checked = !!n.dir;
    $('key-ttl').value = n.ttl !== undefined ? String(n.ttl) : '';
  } catch (e) {
    showError(e);
  }
}

async function save(ev) {
  ev.preventDefault();
  const key = $('key-name').value.trim();
  const ttl = $('key-ttl').value.trim();
  const form = {};
  if ($('key-dir').checked) {
    form.dir = 'true';
    // An existing dir can only get a new TTL (prevExist=true); a new one is created.
    if ($('view-key').textContent === key) form.prevExist = 'true';
  } else {
    form.value = $('key-value').value;
  }
  if (ttl) form.ttl = ttl;
  try {
    const body = await writeKey('PUT', key, form);
    showStatus(`${body.action} ${body.node.key} (modifiedIndex ${body.node.modifiedIndex})`);
    await openDir(parentOf(body.node.key));
    await viewKey(body.node.key);
  } catch (e) {
    showError(e);
  }
}

async function remove() {
  const key = $('key-name').value.trim();
  if (!key) return;
  const dir = $('key-dir').checked;
  if (!window.confirm(`Delete ${key}${dir ? ' and everything under it' : ''}?`)) return;
  try {
    const body = await writeKey('DELETE', key, dir ? { recursive: 'true' } : {});
    showStatus(`${body.action} ${body.node.key}`);
    $('key-view').hidden = true;
    await openDir(parentOf(key));
  } catch (e) {
    showError(e);
  }
}

export function initKeys() {
  $('key-form').addEventListener('submit', save);
  $('key-delete').addEventListener('click', remove);
  $('key-new').addEventListener('click', () => {
    $('key-form').reset();
    $('key-view').hidden = true;
    $('view-key').textContent = '';
    $('key-name').value = currentDir === '/' ? '/' : currentDir + '/';
  });
  openDir('/');
}
