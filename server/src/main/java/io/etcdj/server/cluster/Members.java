package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * The members as the keyspace records them ({@code /_etcd/machines}): every member applies each membership change
 * to it at the same index, and snapshots carry it, so it is the one list of names and URLs everybody agrees on.
 */
public final class Members {
    private final Store store;

    Members(Store store) {
        this.store = store;
    }

    /** In name order. */
    public List<Member> all() {
        return MachinesDir.read(store);
    }

    public Optional<Member> byId(long id) {
        return all().stream().filter(m -> m.id() == id).findFirst();
    }

    public Optional<Member> byName(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<String> nameOf(long id) {
        return byId(id).map(Member::name);
    }
}
