package io.etcdj.etcdctl;

/** No endpoint answered (every connection failed): exit code {@link ExitCodes#CLUSTER_UNREACHABLE}. */
final class ClusterUnreachableException extends Exception {
    ClusterUnreachableException(String message) {
        super(message);
    }
}
