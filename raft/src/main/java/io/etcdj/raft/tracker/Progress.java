package io.etcdj.raft.tracker;

/**
 * The leader's view of one follower: {@code match} (highest index known replicated there) and {@code next}
 * (the next index to send). State machine: PROBE -> REPLICATE once an append is acknowledged; any state ->
 * PROBE on a rejection or when a transport reports the peer unreachable; -> SNAPSHOT when the entries it needs are
 * compacted, and back to PROBE when the snapshot is reported. Invariant: {@code match < next}.
 */
public final class Progress {
    private long match;
    private long next;
    private ProgressState state = ProgressState.PROBE;
    private long pendingSnapshot;
    private boolean recentActive;
    /** Quorum checks this member still counts as active in without being heard from (a member just added). */
    private int activeGraceChecks;
    /** PROBE only: a MsgApp is outstanding, so wait for its reply (or a heartbeat reply) before the next. */
    private boolean probeSent;

    private final Inflights inflights;

    public Progress(long match, long next, int maxInflight) {
        this.match = match;
        this.next = next;
        this.inflights = new Inflights(maxInflight);
        checkInvariant();
    }

    public long match() {
        return match;
    }

    public long next() {
        return next;
    }

    public ProgressState state() {
        return state;
    }

    public long pendingSnapshot() {
        return pendingSnapshot;
    }

    public boolean recentActive() {
        return recentActive;
    }

    public Inflights inflights() {
        return inflights;
    }

    public void setRecentActive(boolean active) {
        recentActive = active;
    }

    /** Counts as active in the next {@code checks} quorum checks even if not heard from. */
    public void grantActiveGrace(int checks) {
        activeGraceChecks = checks;
        recentActive = true;
    }

    /** At a quorum check: whether this member starts the next period active (its grace, if any, is used up by one). */
    public boolean takeActiveGrace() {
        if (activeGraceChecks > 0) {
            activeGraceChecks--;
            return true;
        }
        return false;
    }

    private void resetState(ProgressState newState) {
        probeSent = false;
        pendingSnapshot = 0;
        state = newState;
        inflights.reset();
    }

    public void becomeProbe() {
        if (state == ProgressState.SNAPSHOT) {
            long pending = pendingSnapshot;
            resetState(ProgressState.PROBE);
            next = Math.max(match + 1, pending + 1);
        } else {
            resetState(ProgressState.PROBE);
            next = match + 1;
        }
    }

    /**
     * The follower lost entries it had acknowledged: forgets its match (0, as for a member just added) and probes
     * from {@code nextProbe} (at least 1), where the follower's log now ends.
     */
    public void forgetMatch(long nextProbe) {
        resetState(ProgressState.PROBE);
        match = 0;
        next = Math.max(1, nextProbe);
    }

    public void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    public void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    /** An append up to {@code n} was acknowledged; returns whether {@code match} moved. */
    public boolean maybeUpdate(long n) {
        boolean updated = false;
        if (match < n) {
            match = n;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, n + 1);
        return updated;
    }

    /** Pipelining: entries up to {@code last} were sent, assume they arrive. */
    public void sentEntries(long last) {
        if (state == ProgressState.REPLICATE) {
            next = last + 1;
            inflights.add(last);
        } else if (state == ProgressState.PROBE) {
            probeSent = true;
        } else {
            throw new IllegalStateException("sending entries in state " + state);
        }
    }

    /** A probe with no entries went out; wait for its answer before probing again. */
    public void sentProbe() {
        if (state == ProgressState.PROBE) {
            probeSent = true;
        }
    }

    /**
     * The follower rejected an append at index {@code rejected}, hinting its log matches up to {@code matchHint}.
     * Returns false if the rejection is stale (about an index we no longer wait on).
     */
    public boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        probeSent = false;
        return true;
    }

    /** A heartbeat reply arrived: a stuck probe may go again. */
    public void resume() {
        probeSent = false;
    }

    public void pause() {
        probeSent = true;
    }

    /** Whether the leader must hold back MsgApps to this follower for now. */
    public boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    private void checkInvariant() {
        if (match >= next) {
            throw new IllegalStateException("progress match " + match + " >= next " + next);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(state.name())
                .append(" match=")
                .append(match)
                .append(" next=")
                .append(next);
        if (state == ProgressState.SNAPSHOT) {
            sb.append(" pendingSnap=").append(pendingSnapshot);
        }
        if (probeSent) {
            sb.append(" paused");
        }
        if (inflights.count() > 0) {
            sb.append(" inflight=").append(inflights.count());
        }
        return sb.toString();
    }
}
