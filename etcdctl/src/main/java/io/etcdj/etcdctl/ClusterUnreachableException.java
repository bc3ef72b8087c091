package io.etcdj.etcdctl;

/**
 * No endpoint answered the request. The exit code is etcdctl 2's: {@link ExitCodes#CLUSTER_UNREACHABLE} when
 * every endpoint failed to connect, {@link ExitCodes#SERVER_ERROR} when one was reached but failed otherwise (a
 * TLS handshake, a plain-HTTP/HTTPS mix-up).
 */
final class ClusterUnreachableException extends Exception {
    private final int exitCode;

    ClusterUnreachableException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
