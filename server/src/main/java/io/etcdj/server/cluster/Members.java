package io.etcdj.server.cluster;

import io.etcdj.server.http.ClusterView;
import io.etcdj.server.http.StoreClusterView;
import io.etcdj.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members as the keyspace records them ({@code /_etcd/machines}): every member applies each membership change
 * to it at the same index, and snapshots carry it, so it is the one list of names and URLs everybody agrees on.
 */
public final class Members {
    private final StoreClusterView machines;

    Members(Store store, String selfName) {
        this.machines = new StoreClusterView(store, selfName);
    }

    public List<MemberRecord> all() {
        List<MemberRecord> all = new ArrayList<>();
        for (ClusterView.Member m : machines.registered()) {
            all.add(new MemberRecord(m.name(), m.peerUrl(), m.clientUrl()));
        }
        return all;
    }

    public Optional<MemberRecord> byId(long id) {
        return all().stream().filter(m -> m.id() == id).findFirst();
    }

    public Optional<MemberRecord> byName(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<String> nameOf(long id) {
        return byId(id).map(MemberRecord::name);
    }
}
