package io.etcdj.peer;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link JoinRequest}: on success the joiner's Raft id and the membership including it; otherwise
 * why not (in {@code error}).
 */
public record JoinResponse(boolean ok, String error, long memberId, List<Member> members) {
    public JoinResponse {
        error = error == null ? "" : error;
        members = List.copyOf(Objects.requireNonNull(members, "members"));
    }

    public static JoinResponse accepted(long memberId, List<Member> members) {
        return new JoinResponse(true, "", memberId, members);
    }

    public static JoinResponse refused(String error) {
        return new JoinResponse(false, error, 0, List.of());
    }
}
