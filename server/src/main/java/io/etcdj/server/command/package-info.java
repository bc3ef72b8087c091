/**
 * What goes into the log and how it is applied. A {@link io.etcdj.server.command.Command} is one keyspace mutation,
 * decided entirely before it is logged (an absolute expiration time, never a TTL), so every replica and every replay
 * applies it the same way ({@code Applier}). {@code CommandCodec} is its versioned binary form, with explicit op codes.
 * {@link io.etcdj.server.command.Proposer} is how the HTTP side hands a command to the cluster and waits for its
 * {@link io.etcdj.server.command.ApplyResult}.
 */
package io.etcdj.server.command;
