package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The members as etcd 0.4 records them in the keyspace: {@code /_etcd/machines/<name>} =
 * {@code etcd=<clientURL>&raft=<peerURL>} (url-encoded). Clients of etcd 0.4 read it, so its layout is etcd's; only
 * the apply thread writes it (the client API refuses writes under {@code /_etcd}).
 */
final class MachinesDir {
    static final String PATH = "/_etcd/machines";

    private MachinesDir() {}

    static String key(String memberName) {
        return PATH + "/" + memberName;
    }

    /** The value etcd stores for a member. */
    static String value(Member member) {
        return "etcd=" + URLEncoder.encode(member.clientUrl(), StandardCharsets.UTF_8) + "&raft="
                + URLEncoder.encode(member.peerUrl(), StandardCharsets.UTF_8);
    }

    /**
     * Apply thread (and a backup's replay): writes a membership change's record, {@code set} for an added member
     * (consuming the reservation etcd 2's "member add" made for its peer URL) or {@code delete} for a removed one.
     *
     * @throws StoreException when the record was already that way (an entry applied twice by a restarted member)
     */
    static void applyChange(Applier applier, Store store, ConfChangeType type, Member member) throws StoreException {
        String key = key(member.name());
        if (type == ConfChangeType.ADD_NODE) {
            applier.apply(Command.set(key, false, value(member), Command.PERMANENT));
            Reservations.consume(applier, store, member.peerUrl());
        } else {
            applier.apply(Command.delete(key, false, false));
        }
    }

    /** Every member registered in the keyspace, in key order (the same list on every member). */
    static List<Member> read(Store store) {
        List<Member> members = new ArrayList<>();
        Event listing;
        try {
            listing = store.get(PATH, false, true);
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
            String name = machine.key().substring(PATH.length() + 1);
            try {
                members.add(Member.named(name, field(machine.value(), "raft"), field(machine.value(), "etcd")));
            } catch (IllegalArgumentException damaged) {
                // Not what value() writes (a damaged snapshot, say): not a member anyone could reach.
            }
        }
        return members;
    }

    /**
     * The first value of {@code name} in a url-encoded form ({@code a=1&b=2}), "" when absent (as Go's FormValue).
     *
     * @throws IllegalArgumentException for a malformed escape
     */
    private static String field(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
