package io.etcdj.raft;

/**
 * How a member id is written for people: 16 lower-case hex digits, zero-padded, the same in every log line, in
 * {@code /v2/members} and in metric labels, so one id can be grepped across all three. (Ids are hashes: one in
 * sixteen starts with a zero nibble, which unpadded hex would drop.)
 */
public final class MemberIds {
    private MemberIds() {}

    /** {@code id} as 16 lower-case hex digits, e.g. {@code 04a978112ca1bbdc}. */
    public static String hex(long id) {
        String digits = Long.toHexString(id);
        return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }
}
