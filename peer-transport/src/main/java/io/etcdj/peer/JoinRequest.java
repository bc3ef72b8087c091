package io.etcdj.peer;

import java.util.Objects;

/**
 * A member's request to join the cluster (etcd 0.4's join): its name and the URLs it serves. With {@code republish}
 * it is an existing member, restarted from its data dir with other URLs, asking that they replace its old ones.
 */
public record JoinRequest(String name, String peerUrl, String clientUrl, boolean republish) {
    public JoinRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
    }

    /** A new member's join. */
    public JoinRequest(String name, String peerUrl, String clientUrl) {
        this(name, peerUrl, clientUrl, false);
    }
}
