package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.Member;
import io.etcdj.raft.MemberIds;
import io.etcdj.server.cluster.ClusterView.MemberChange;
import io.etcdj.server.cluster.ClusterView.MemberChange.Outcome;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.store.ErrorCode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 2's member add and remove on the leader: an add reserves the peer URL ({@link Reservations}); a remove
 * cancels a reservation or removes a voter through the same path as {@code DELETE /v2/admin/machines/<name>}.
 */
final class MemberChanges {
    private static final Logger LOG = LoggerFactory.getLogger(MemberChanges.class);
    private static final long CHANGE_TIMEOUT_MS = 10_000;
    /** etcd 3.4's message for a peer URL in use, which its clients show. */
    static final String PEER_URL_EXISTS = "membership: peerURL exists";

    private final RaftNode node;
    /** Reservations proposed here and not yet applied: they count against the limit too. */
    private final AtomicInteger inFlight = new AtomicInteger();

    MemberChanges(RaftNode node) {
        this.node = node;
    }

    List<Reservations.Reservation> reservations() {
        return Reservations.read(node.store());
    }

    MemberChange reserve(String peerUrl) {
        if (!node.isLeader()) {
            return MemberChange.refused(Outcome.UNAVAILABLE, "this member is not the leader; try again");
        }
        String scheme = URI.create(node.self().peerUrl()).getScheme();
        String invalid = JoinCheck.urlProblem(peerUrl, scheme);
        if (invalid != null) {
            return MemberChange.refused(Outcome.INVALID, "invalid peer URL " + peerUrl + ": " + invalid);
        }
        for (Member m : node.members().all()) {
            if (m.peerUrl().equals(peerUrl)) {
                return MemberChange.refused(Outcome.CONFLICT, PEER_URL_EXISTS);
            }
        }
        if (Reservations.byPeerUrl(node.store(), peerUrl).isPresent()) {
            return MemberChange.refused(Outcome.CONFLICT, PEER_URL_EXISTS);
        }
        int pending = inFlight.incrementAndGet();
        try {
            if (Reservations.read(node.store()).size() + pending > Reservations.MAX_RESERVATIONS) {
                return MemberChange.refused(
                        Outcome.FULL,
                        "too many members added and not started (" + Reservations.MAX_RESERVATIONS
                                + "): start them, or remove some with DELETE /v2/members/<id>");
            }
            ApplyResult result =
                    node.propose(Reservations.reserveCommand(peerUrl)).get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (result.error() != null) {
                return result.error().errorCode() == ErrorCode.NODE_EXIST
                        ? MemberChange.refused(Outcome.CONFLICT, PEER_URL_EXISTS)
                        : MemberChange.refused(
                                Outcome.UNAVAILABLE, result.error().getMessage());
            }
            Reservations.Reservation made = new Reservations.Reservation(Reservations.idOf(peerUrl), peerUrl);
            LOG.info("reserved peer URL {} for a member to come (id {})", peerUrl, MemberIds.hex(made.id()));
            return new MemberChange(Outcome.DONE, "", made);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return MemberChange.refused(Outcome.UNAVAILABLE, "the reservation did not commit: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberChange.refused(Outcome.UNAVAILABLE, "interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    MemberChange removeById(long id) {
        Optional<Member> member = node.members().byId(id);
        if (member.isPresent()) {
            Ack ack = node.requestRemoval(member.get().name());
            return ack.ok()
                    ? new MemberChange(Outcome.DONE, "", null)
                    : MemberChange.refused(Outcome.UNAVAILABLE, ack.error());
        }
        if (Reservations.byId(node.store(), id).isEmpty()) {
            return MemberChange.refused(Outcome.NOT_FOUND, "No such member: " + MemberIds.hex(id));
        }
        if (!node.isLeader()) {
            return MemberChange.refused(Outcome.UNAVAILABLE, "this member is not the leader; try again");
        }
        try {
            ApplyResult result =
                    node.propose(Reservations.cancelCommand(id)).get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (result.error() != null) {
                return result.error().errorCode() == ErrorCode.KEY_NOT_FOUND
                        ? MemberChange.refused(Outcome.NOT_FOUND, "No such member: " + MemberIds.hex(id))
                        : MemberChange.refused(
                                Outcome.UNAVAILABLE, result.error().getMessage());
            }
            LOG.info("cancelled the reservation {}", MemberIds.hex(id));
            return new MemberChange(Outcome.DONE, "", null);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return MemberChange.refused(Outcome.UNAVAILABLE, "the cancellation did not commit: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberChange.refused(Outcome.UNAVAILABLE, "interrupted");
        }
    }
}
