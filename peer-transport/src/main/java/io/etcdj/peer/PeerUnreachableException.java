package io.etcdj.peer;

import java.io.IOException;

/** A call to a peer failed in transport (refused connection, timeout, broken stream), not by the peer's answer. */
public final class PeerUnreachableException extends IOException {
    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
