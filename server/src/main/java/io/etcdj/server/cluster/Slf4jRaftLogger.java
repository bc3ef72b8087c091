package io.etcdj.server.cluster;

import io.etcdj.raft.RaftLogger;
import org.slf4j.Logger;

/** Raft's state transitions at DEBUG (an operator sees leadership changes from RaftNode at INFO), warnings at WARN. */
record Slf4jRaftLogger(Logger log) implements RaftLogger {
    @Override
    public void info(String message) {
        log.debug("raft: {}", message);
    }

    @Override
    public void warn(String message) {
        log.warn("raft: {}", message);
    }
}
