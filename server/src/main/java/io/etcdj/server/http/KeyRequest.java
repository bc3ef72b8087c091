package io.etcdj.server.http;

import io.etcdj.server.command.Command;

/** A validated /v2/keys request: what the handler must do, with nothing left to parse. */
sealed interface KeyRequest {

    /** GET without wait. {@code quorum}: consistent=true or quorum=true (a linearizable read). */
    record Read(String key, boolean recursive, boolean sorted, boolean quorum) implements KeyRequest {}

    /** GET with wait=true; waitIndex 0 = the next event. */
    record Watch(String key, boolean recursive, boolean stream, long waitIndex) implements KeyRequest {}

    /** PUT, POST or DELETE: a command for the log. */
    record Write(Command command) implements KeyRequest {}
}
