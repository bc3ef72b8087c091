package io.etcdj.peer;

import java.util.Objects;

/** A new member's request to join the cluster (etcd 0.4's join): its name and the URLs it serves. */
public record JoinRequest(String name, String peerUrl, String clientUrl) {
    public JoinRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
    }
}
