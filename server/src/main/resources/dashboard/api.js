// The v2 API as the dashboard uses it. Reads go to this member (same origin). A write on a follower is answered
// 307 to the leader's client URL; fetch follows it (the members allow each other's client origins for CORS and the
// page's CSP allows connecting to them), re-sending the method and the form body.

/** etcd's error JSON (errorCode, message, cause, index) as an Error the page can show. */
export class EtcdError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
  describe() {
    const b = this.body || {};
    const parts = [`HTTP ${this.status}`];
    if (b.errorCode !== undefined) parts.push(`errorCode ${b.errorCode}`);
    if (b.message) parts.push(b.message);
    if (b.cause) parts.push(`cause: ${b.cause}`);
    return parts.join(' · ');
  }
}

/** The key path percent-encoded per segment, so a key with spaces or '?' stays one key. */
export function keyUrl(key) {
  const clean = ('/' + key).replace(/\/+/g, '/');
  return '/v2/keys' + clean.split('/').map(encodeURIComponent).join('/');
}

async function parse(res) {
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { message: text.trim() }; }
  if (!res.ok) throw new EtcdError(res.status, body);
  return body;
}

export async function getKey(key, params = {}) {
  const q = new URLSearchParams(params).toString();
  const res = await fetch(keyUrl(key) + (q ? '?' + q : ''), { cache: 'no-store' });
  return { body: await parse(res), etcdIndex: Number(res.headers.get('X-Etcd-Index')), res };
}

/** PUT or DELETE with a form body; follows the 307 a follower answers. */
export async function writeKey(method, key, form) {
  const init = { method, cache: 'no-store', redirect: 'follow' };
  const query = new URLSearchParams(form).toString();
  let url = keyUrl(key);
  if (method === 'DELETE') {
    if (query) url += '?' + query;
  } else {
    init.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    init.body = query;
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new EtcdError(0, { message: `the write did not reach the leader (${e.message}); `
      + 'open the dashboard on the leader\'s client URL' });
  }
  return parse(res);
}

/** Reads that take longer are abandoned, so a stuck member never piles up the page's periodic requests. */
const READ_TIMEOUT_MS = 5000;

export async function getJson(path) {
  const res = await fetch(path, { cache: 'no-store', signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
  return parse(res);
}

export async function getText(path) {
  const res = await fetch(path, { cache: 'no-store', signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
  const text = await res.text();
  if (!res.ok) throw new EtcdError(res.status, { message: text.trim() });
  return { text, res };
}

/** Removes every child of el; then appends the given nodes. */
export function fill(el, ...nodes) {
  while (el.firstChild) el.removeChild(el.firstChild);
  for (const n of nodes) el.appendChild(n);
}

/** <tag> with text content and attributes (never innerHTML: keys and values are untrusted). */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
