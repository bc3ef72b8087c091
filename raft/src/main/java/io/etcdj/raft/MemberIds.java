package io.etcdj.raft;

/**
 * How a member id is written for people: lower-case hex without leading zeros, as etcd 2 prints it ({@code %x}, its
 * {@code types.ID}), the same in every log line, in {@code /v2/members} and in metric labels, so one id can be
 * grepped across all three.
 */
public final class MemberIds {
    private MemberIds() {}

    /** {@code id} in lower-case hex, e.g. {@code 4a978112ca1bbdc}. */
    public static String hex(long id) {
        return Long.toHexString(id);
    }
}
