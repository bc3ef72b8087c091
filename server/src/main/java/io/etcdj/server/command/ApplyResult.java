package io.etcdj.server.command;

import io.etcdj.store.Event;
import io.etcdj.store.StoreException;

/**
 * What applying one committed command gave: the store's event or its refusal, and where in the log it sat.
 *
 * @param raftIndex the log index of the entry (etcd's X-Raft-Index)
 * @param raftTerm  the term (etcd's X-Raft-Term)
 */
public record ApplyResult(Event event, StoreException error, long raftIndex, long raftTerm) {}
