package io.etcdj.peer;

import java.util.Objects;

/**
 * A member's request to join the cluster (etcd 0.4's join): the member it would be. With {@code republish} it is an
 * existing member, restarted from its data dir with other URLs, asking that they replace its old ones. With
 * {@code passedOn} a member that does not lead passed it on to the one it believes does: the receiver decides it as
 * the leader or refuses it, and never passes it on again.
 *
 * <p>Only the name and URLs travel; the receiver derives the id from the name ({@link Member#named}), so a request
 * cannot claim another member's id. Nothing in it is checked here: the receiver validates it.
 */
public record JoinRequest(Member member, boolean republish, boolean passedOn) {
    public JoinRequest {
        Objects.requireNonNull(member, "member");
    }

    /** The joiner's own request, as it sends it. */
    public JoinRequest(Member member, boolean republish) {
        this(member, republish, false);
    }

    /** This request as a member that does not lead passes it on to the leader. */
    public JoinRequest passOn() {
        return new JoinRequest(member, republish, true);
    }

    /** A new member's join. */
    public JoinRequest(String name, String peerUrl, String clientUrl) {
        this(Member.named(name, peerUrl, clientUrl), false);
    }
}
