/** Majority arithmetic, pure: the committed index of a set of acknowledgements and the outcome of a vote. */
package io.etcdj.raft.quorum;
