package io.etcdj.server.command;

/** The node did not take a proposal; the message says why (shown to the client as etcd error 300). */
public final class ProposalRejectedException extends RuntimeException {
    public ProposalRejectedException(String message) {
        super(message, null, false, false);
    }
}
