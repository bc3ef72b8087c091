package io.etcdj.store;

/**
 * A request the keyspace refuses, as etcd reports it: {@code {errorCode, message, cause, index}}.
 * {@code index} is the store index at the time of the failure.
 */
public final class StoreException extends Exception {
    private final ErrorCode errorCode;
    private final String cause;
    private final long index;

    public StoreException(ErrorCode errorCode, String cause, long index) {
        super(
                errorCode.code() + ": " + errorCode.message() + (cause == null ? "" : " (" + cause + ")") + " [" + index
                        + "]",
                null,
                false,
                false);
        this.errorCode = errorCode;
        this.cause = cause;
        this.index = index;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** etcd's "cause" field: usually the key, or the failed comparison; may be null. */
    public String errorCause() {
        return cause;
    }

    public long index() {
        return index;
    }
}
