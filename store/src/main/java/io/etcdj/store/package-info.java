/**
 * etcd 0.4.6's v2 keyspace, knowing nothing of Raft, HTTP or the rest of the project: a tree of keys and directories
 * ({@code Node}), TTLs kept in an index ({@code TtlIndex}) but removed only by
 * {@link io.etcdj.store.Store#deleteExpiredKeys} (so a replay removes the same keys at the same index), the global
 * history of the last 1,000 events ({@code EventHistory}) and the registered watchers ({@code WatcherHub}).
 * {@link io.etcdj.store.V2Store} is the implementation; {@code SnapshotCodec} its saved form.
 *
 * <p>Threads: mutations come from one thread (the server's apply thread) under the store's write lock; reads take
 * the read lock from any thread. Watch events are matched under the lock and handed to listeners after it is
 * released, in index order ({@code DeliveryQueue}); a listener must not block.
 */
package io.etcdj.store;
