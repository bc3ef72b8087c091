package io.etcdj.peer;

import java.util.Objects;

/** One member of the cluster as a joiner learns it. */
public record Member(long id, String name, String peerUrl, String clientUrl) {
    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
    }
}
