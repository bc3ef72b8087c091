package io.etcdj.etcdctl;

/**
 * An error the server reported as {"errorCode","message","cause","index"}. Its message is go-etcd's
 * EtcdError.Error() format, so "Error:  " + message reproduces etcdctl's line, e.g.
 * {@code Error:  100: Key not found (/foo) [12]}.
 */
final class EtcdException extends Exception {
    final int errorCode;
    final String etcdMessage;
    final String cause;
    final long index;

    EtcdException(int errorCode, String etcdMessage, String cause, long index) {
        super(errorCode + ": " + etcdMessage + " (" + cause + ") [" + index + "]");
        this.errorCode = errorCode;
        this.etcdMessage = etcdMessage;
        this.cause = cause;
        this.index = index;
    }
}
