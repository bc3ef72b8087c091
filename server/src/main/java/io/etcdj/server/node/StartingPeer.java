package io.etcdj.server.node;

import io.etcdj.peer.Ack;
import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.RemovalKind;
import io.etcdj.raft.Message;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The peer port's handlers while the member is still starting. The port is bound first, before the data dir is
 * touched (a busy port must not leave a half-made data dir, or a member added to the cluster that then cannot run);
 * until the Raft node exists, peers' messages are dropped (Raft retries), membership calls are refused with "try
 * again", and the admin JSON answers 503. {@link #attach} hands everything to the real member.
 */
final class StartingPeer implements InboundHandler, DeliveryReports {
    private volatile InboundHandler inbound;
    private volatile DeliveryReports reports;
    private volatile Handler admin;
    private final Handler adminHandler = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler target = admin;
            if (target != null) {
                return target.handle(request, response, callback);
            }
            response.setStatus(503);
            response.write(true, ByteBuffer.wrap("starting\n".getBytes()), callback);
            return true;
        }
    };

    void attach(InboundHandler realInbound, DeliveryReports realReports, Handler realAdmin) {
        reports = realReports;
        admin = realAdmin;
        inbound = realInbound;
    }

    /** The plain-HTTP handler to give the peer port. */
    Handler adminHandler() {
        return adminHandler;
    }

    @Override
    public void onMessage(Message message) {
        InboundHandler target = inbound;
        if (target != null) {
            target.onMessage(message);
        }
    }

    @Override
    public void onSnapshot(Message msgSnap) {
        InboundHandler target = inbound;
        if (target != null) {
            target.onSnapshot(msgSnap);
        }
    }

    @Override
    public JoinResponse onJoin(JoinRequest request) {
        InboundHandler target = inbound;
        return target != null ? target.onJoin(request) : JoinResponse.refused("this member is starting; try again");
    }

    @Override
    public Ack onRemove(String name, RemovalKind kind) {
        InboundHandler target = inbound;
        return target != null ? target.onRemove(name, kind) : new Ack(false, "this member is starting; try again");
    }

    @Override
    public Ack onTransferLeadership(long transfereeId) {
        InboundHandler target = inbound;
        return target != null
                ? target.onTransferLeadership(transfereeId)
                : new Ack(false, "this member is starting; try again");
    }

    @Override
    public void reportUnreachable(long peerId) {
        DeliveryReports target = reports;
        if (target != null) {
            target.reportUnreachable(peerId);
        }
    }

    @Override
    public void reportSnapshot(long peerId, boolean failed) {
        DeliveryReports target = reports;
        if (target != null) {
            target.reportSnapshot(peerId, failed);
        }
    }
}
