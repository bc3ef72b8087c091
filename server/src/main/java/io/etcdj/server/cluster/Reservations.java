package io.etcdj.server.cluster;

import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer URLs reserved for members that have not joined yet: what etcd 2's {@code POST /v2/members} ("member add")
 * makes. An etcdj member's id comes from its name, which the add request does not carry, so the add cannot create the
 * voter; it records the peer URL at {@code /_etcd/reservations/<hex id>} through the log instead (the client API
 * refuses writes under {@code /_etcd}). The member that later joins with that peer URL consumes it when its
 * membership change is applied, on every member at the same index ({@link #consume}).
 *
 * <p>The id is derived from the peer URL, so every member computes the same one and the join finds the key without
 * a search. At most {@link #MAX_RESERVATIONS} exist at a time; the leader refuses more (etcd 2 had no such limit,
 * but nothing should let a client grow the replicated state without bound).
 */
public final class Reservations {
    private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);
    static final String DIR = "/_etcd/reservations";
    public static final int MAX_RESERVATIONS = 16;

    /** A peer URL reserved for a member to come; listed by etcd 2's member API with an empty name. */
    public record Reservation(long id, String peerUrl) {}

    private Reservations() {}

    static String key(long id) {
        return DIR + "/" + Long.toHexString(id);
    }

    /**
     * The reservation id of a peer URL: the first 8 bytes of its SHA-256, never 0 (etcd's "no member"). Never stored
     * alone: it is the key's name, and a reading recomputes nothing from it.
     */
    public static long idOf(String peerUrl) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(("reservation:" + peerUrl).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (digest[i] & 0xff);
        }
        return id == 0 ? 1 : id;
    }

    /** Every reservation in the keyspace, in key order; entries that do not parse are skipped (not ours to fix). */
    static List<Reservation> read(Store store) {
        List<Reservation> out = new ArrayList<>();
        Event listing;
        try {
            listing = store.get(DIR, false, true);
        } catch (StoreException none) {
            return out;
        }
        if (listing.node().nodes() == null) {
            return out;
        }
        for (NodeView n : listing.node().nodes()) {
            if (n.value() == null) {
                continue;
            }
            try {
                long id = Long.parseUnsignedLong(n.key().substring(DIR.length() + 1), 16);
                out.add(new Reservation(id, n.value()));
            } catch (NumberFormatException | IndexOutOfBoundsException damaged) {
                // Not a key the leader writes: ignore it rather than list a member nobody can remove.
            }
        }
        return out;
    }

    static Optional<Reservation> byId(Store store, long id) {
        return read(store).stream().filter(r -> r.id() == id).findFirst();
    }

    static Optional<Reservation> byPeerUrl(Store store, String peerUrl) {
        return read(store).stream().filter(r -> r.peerUrl().equals(peerUrl)).findFirst();
    }

    /** What the leader logs to reserve a peer URL: a create, so a second one of the same URL fails at apply. */
    static Command reserveCommand(String peerUrl) {
        return Command.create(key(idOf(peerUrl)), false, peerUrl, Command.PERMANENT);
    }

    static Command cancelCommand(long id) {
        return Command.delete(key(id), false, false);
    }

    /**
     * Apply thread, on every member alike: a member joined with {@code peerUrl}, so the reservation for it (if any)
     * is used up. Deterministic: it reads only the store, which is the same on every member at this index.
     */
    static void consume(Applier applier, Store store, String peerUrl) {
        long id = idOf(peerUrl);
        try {
            store.get(key(id), false, false);
        } catch (StoreException none) {
            return;
        }
        try {
            applier.apply(cancelCommand(id));
            LOG.info("the reservation of {} is used by the member that joined with it", peerUrl);
        } catch (StoreException e) {
            if (e.errorCode() != ErrorCode.KEY_NOT_FOUND) {
                LOG.warn("could not clear the reservation of {}: {}", peerUrl, e.getMessage());
            }
        }
    }
}
