package io.etcdj.etcdctl;

/** etcdctl's exit codes (etcd 3.4 ctlv2/command/error.go; 0.4.6 used 2 and 4 the same way). */
final class ExitCodes {
    static final int SUCCESS = 0;
    static final int BAD_ARGS = 1;
    static final int CLUSTER_UNREACHABLE = 2;
    static final int SERVER_ERROR = 4;
    static final int CLUSTER_UNHEALTHY = 5;

    private ExitCodes() {}
}
