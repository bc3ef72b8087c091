package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.raft.ConfChange;
import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.io.IOException;

/**
 * Applies committed log entries, as the WAL stores them, to a store the way {@link ApplyLoop} does (same commands,
 * same membership records under /_etcd/machines, same no-op for an undecodable entry), without anyone waiting for
 * the results: what a backup uses to bring a snapshot's store up to the last committed index. The store then has
 * the same keys, values and modifiedIndexes as the member's own. Membership records go through
 * {@link MachinesDir#applyChange}, as ApplyLoop's do; keep the command path in step with ApplyLoop's applyCommand.
 */
public final class CommittedReplay {
    private final Store store;
    private final Applier applier;

    public CommittedReplay(Store store) {
        this.store = store;
        this.applier = new Applier(store);
    }

    /** @throws IOException for an entry of etcdj's first log format, which this build cannot replay */
    public void apply(LogEntry e) throws IOException {
        switch (e.type()) {
            case RaftStorage.TYPE_CONF_CHANGE -> applyConfChange(e);
            case RaftStorage.TYPE_NORMAL -> applyCommand(e);
            default ->
                throw new IOException("log entry " + e.index() + " is of type " + e.type()
                        + " (etcdj's first one-member log format), which this build cannot replay");
        }
    }

    private void applyCommand(LogEntry e) {
        if (e.data().length == 0) {
            return; // a new leader's no-op entry
        }
        Command command;
        try {
            command = EntryData.command(e.data());
        } catch (IllegalArgumentException damaged) {
            return; // every member applied it as a no-op
        }
        try {
            applier.apply(command);
        } catch (StoreException refused) {
            // a failed compare or a missing key: the member answered the client with the error; nothing changed
        }
    }

    private void applyConfChange(LogEntry e) {
        ConfChange cc;
        Member member;
        try {
            cc = ConfChange.decode(e.data());
            member = MemberCodec.decode(cc.context());
        } catch (IllegalArgumentException damaged) {
            return; // the member did not update /_etcd/machines either
        }
        try {
            MachinesDir.applyChange(applier, store, cc.type(), member);
        } catch (StoreException alreadyThatWay) {
            // as ApplyLoop: the record was already that way
        }
    }
}
