package io.etcdj.raft;

/**
 * Answer to a {@link RawNode#readIndex} request: once the caller's state machine has applied {@code index}, a read
 * reflecting every write committed before the request was made may be served locally. {@code context} is the
 * request id passed in.
 */
public record ReadState(long index, byte[] context) {
    @Override
    public String toString() {
        return "ReadState Index:" + index + " Context:" + Describe.quote(context);
    }
}
