package io.etcdj.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One member of the cluster: its Raft id, its name and the URLs it serves peers and clients on. The one record of a
 * member everywhere (a join request, the membership a joiner learns, the log's membership changes, the HTTP views);
 * the code around it is behaviour: validation, codecs, lookups.
 *
 * <p>The id is derived from the name ({@link #idOf}): etcd 0.4 identified machines by name, so every member computes
 * the same id for a name without asking anyone, and a restarted member finds its own id again without a file for it.
 * Build members with {@link #named}; the canonical constructor is for ids that arrive on the wire.
 */
public record Member(long id, String name, String peerUrl, String clientUrl) {
    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
    }

    /** The member called {@code name}, with the id every member derives for that name. */
    public static Member named(String name, String peerUrl, String clientUrl) {
        return new Member(idOf(name), name, peerUrl, clientUrl);
    }

    /** The first 63 bits of SHA-256(name); never 0, which Raft reserves for "none". */
    public static long idOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (digest[i] & 0xff);
            }
            id &= Long.MAX_VALUE;
            return id == 0 ? 1 : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
