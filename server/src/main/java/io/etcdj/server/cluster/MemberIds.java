package io.etcdj.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A member's Raft id is derived from its name (etcd 0.4 identified machines by name): every member computes the
 * same id for a name without asking anyone, and a restarted member finds its own id again without a file for it.
 */
public final class MemberIds {
    private MemberIds() {
    }

    /** The first 63 bits of SHA-256(name); never 0, which Raft reserves for "none". */
    public static long of(String name) {
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
