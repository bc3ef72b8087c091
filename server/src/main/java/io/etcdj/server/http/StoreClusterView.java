package io.etcdj.server.http;

import io.etcdj.peer.Member;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;

import java.util.ArrayList;
import java.util.List;

/**
 * The members as etcd 0.4 records them in the keyspace: {@code /_etcd/machines/<name>} =
 * {@code etcd=<clientURL>&raft=<peerURL>} (url-encoded). This node leads: the one-member cluster.
 */
public final class StoreClusterView implements ClusterView {
    public static final String MACHINES_DIR = "/_etcd/machines";
    private final Store store;
    private final String selfName;

    public StoreClusterView(Store store, String selfName) {
        this.store = store;
        this.selfName = selfName;
    }

    /** The value etcd stores for a member. */
    public static String registration(String clientUrl, String peerUrl) {
        return "etcd=" + java.net.URLEncoder.encode(clientUrl, java.nio.charset.StandardCharsets.UTF_8)
                + "&raft=" + java.net.URLEncoder.encode(peerUrl, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String selfName() {
        return selfName;
    }

    @Override
    public String state() {
        return "leader";
    }

    @Override
    public String leaderName() {
        return selfName;
    }

    @Override
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        String leader = leaderName();
        for (Member m : registered()) {
            if (m.name().equals(leader)) {
                members.add(0, m);
            } else {
                members.add(m);
            }
        }
        return members;
    }

    /** Every member registered in the keyspace, in key order (the same list on every member). */
    public List<Member> registered() {
        List<Member> members = new ArrayList<>();
        Event listing;
        try {
            listing = store.get(MACHINES_DIR, false, true);
        } catch (StoreException notRegisteredYet) {
            return members;
        }
        if (listing.node().nodes() == null) {
            return members;
        }
        for (NodeView machine : listing.node().nodes()) {
            if (machine.value() == null) {
                continue;
            }
            String name = machine.key().substring(MACHINES_DIR.length() + 1);
            FormParams urls;
            try {
                urls = FormParams.parse(machine.value(), null);
            } catch (IllegalArgumentException damaged) {
                continue;
            }
            members.add(Member.named(name, urls.value("raft"), urls.value("etcd")));
        }
        return members;
    }
}
