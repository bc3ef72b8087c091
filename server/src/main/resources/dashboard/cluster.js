// Cluster: members, their roles, the leader, the Raft term, followers' latency and append counts (the leader's
// /v2/stats/leader; a follower answers it with a 307 to the leader, which fetch follows), refreshed every 2 s.
// A leader change is listed with its time (at most MAX_CHANGES kept).
import { getJson, getText, keyUrl, fill, el, EtcdError } from './api.js';

const MAX_CHANGES = 20;
const $ = (id) => document.getElementById(id);
let lastLeader = null;

function hexId(id) {
  return typeof id === 'string' ? id : '';
}

function row(cells, cls) {
  const tr = el('tr', null, cls ? { class: cls } : {});
  for (const c of cells) tr.appendChild(el('td', c));
  return tr;
}

async function optional(p) {
  try { return await p; } catch (e) { return null; }
}

async function refresh() {
  try {
    const [self, membersBody, leaderPeer, keysHead] = await Promise.all([
      getJson('/v2/stats/self'),
      getJson('/v2/members'),
      optional(getText('/v2/leader')),
      optional(fetch(keyUrl('/'), { method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(5000) })),
    ]);
    const members = (membersBody && membersBody.members) || [];
    $('self-name').textContent = self.name;
    $('self-state').textContent = self.state;
    $('self-state').className = `pill ${self.state}`;
    const peerUrl = leaderPeer ? leaderPeer.text.trim() : '';
    const leaderMember = members.find((m) => (m.peerURLs || []).includes(peerUrl));
    const leader = (leaderMember && leaderMember.name) || (self.leaderInfo && self.leaderInfo.leader) || '';
    $('cluster-leader').textContent = leader || '(none)';
    if (keysHead) {
      $('cluster-term').textContent = keysHead.headers.get('X-Raft-Term') || '?';
      $('cluster-index').textContent = keysHead.headers.get('X-Etcd-Index') || '?';
    }
    fill($('cluster-members'), ...members.map((m) => {
      const role = m.name === leader ? 'leader' : 'follower';
      const tr = row([m.name, hexId(m.id), role, (m.clientURLs || []).join(' '), (m.peerURLs || []).join(' ')],
        role === 'leader' ? 'is-leader' : '');
      tr.dataset.name = m.name;
      return tr;
    }));
    if (leader && leader !== lastLeader) {
      const li = el('li', `${new Date().toLocaleTimeString()}  ${lastLeader ? lastLeader + ' → ' : ''}${leader}`,
        { 'data-leader': leader });
      const list = $('leader-changes');
      list.insertBefore(li, list.firstChild);
      while (list.children.length > MAX_CHANGES) list.removeChild(list.lastChild);
      lastLeader = leader;
    }
    const stats = await optional(getJson('/v2/stats/leader'));
    if (stats && stats.followers) {
      fill($('cluster-followers'), ...Object.entries(stats.followers).map(([name, f]) => {
        const l = f.latency || {};
        const c = f.counts || {};
        const ms = (v) => (typeof v === 'number' ? v.toFixed(2) : '–');
        return row([name, `${ms(l.current)} / ${ms(l.average)} / ${ms(l.maximum)}`, c.success ?? '–', c.fail ?? '–']);
      }));
    } else {
      fill($('cluster-followers'), row(['(no leader statistics reachable)', '', '', '']));
    }
    $('cluster-error').hidden = true;
  } catch (e) {
    $('cluster-error').hidden = false;
    $('cluster-error').textContent = `cannot reach this member: ${e instanceof EtcdError ? e.describe() : e.message}`;
  }
}

/** One refresh at a time: a slow member gets no second request while the first is out. */
let busy = false;
async function tick() {
  if (busy) return;
  busy = true;
  try { await refresh(); } finally { busy = false; }
}

export function initCluster() {
  tick();
  setInterval(tick, 2000);
}
