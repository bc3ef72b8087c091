package io.etcdj.raft;

import java.util.Map;

/**
 * A snapshot of a node's state for monitoring and tests.
 *
 * @param progress on a leader, each member's progress as text ({@code REPLICATE match=5 next=6}); else empty
 */
public record Status(
        long id, HardState hardState, SoftState softState, long applied, long lastIndex, Map<Long, String> progress) {}
