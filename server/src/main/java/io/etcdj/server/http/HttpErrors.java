package io.etcdj.server.http;

import io.etcdj.store.ErrorCode;

/** The HTTP status etcd 0.4.6 answers each error code with (error/error.go, same in etcd 3.4). */
final class HttpErrors {
    private HttpErrors() {}

    static int status(ErrorCode code) {
        return switch (code) {
            case KEY_NOT_FOUND -> 404;
            case TEST_FAILED, NODE_EXIST -> 412;
            case NOT_FILE, DIR_NOT_EMPTY -> 403;
            case RAFT_INTERNAL, LEADER_ELECT -> 500;
            default -> 400;
        };
    }
}
