/**
 * The Raft log and hard state on disk (the write-ahead log), and snapshot files.
 *
 * <h2>Files</h2>
 * {@code wal/%016x-%016x.wal} segments (sequence, first index), preallocated with zeros (64 MiB) so an fdatasync never
 * changes the file size, each starting with a 32-byte header (magic, format version, sequence, first index, CRC) and
 * then records: length, CRC32C, type, payload (see {@code RecordCodec} for the types: entries, hard states, snapshot
 * markers, sync markers). {@code snap/%016x-%016x.snap} snapshots (index, term) with their own CRC, written to a
 * temp file, fsynced, renamed, and the directory fsynced; the newest three are kept. Everything is created 0600
 * (directories 0700).
 *
 * <h2>Durability rules</h2>
 * One thread appends and syncs; a batch is one positional write and one fdatasync (group commit). A write or fsync
 * that fails makes the log unusable (the member fail-stops: after a failed fsync the kernel may have dropped the
 * pages). On open, {@code Recovery} checks the whole log first: only a damaged tail that was never fsynced is erased;
 * damage in anything fsynced, or a log that ends before the newest snapshot or the last commit index, refuses to
 * start, naming the file, the offset and the ways out. Segments of the first format (version 1) are still read.
 */
package io.etcdj.server.wal;
