package io.etcdj.server.node;

import org.eclipse.jetty.server.Handler;

/**
 * The client port's handler, given to the server when its port is bound (first thing at start-up) and pointed at the
 * real handler once the member is ready, before the server starts serving (so the server still starts and stops it
 * as its own). Replacing the server's handler instead would drop what {@code HttpServers} wraps around it (the
 * request-head deadline).
 */
final class DeferredHandler extends Handler.Wrapper {
    /** Before the server starts. */
    void set(Handler handler) {
        setHandler(handler);
    }
}
