package io.etcdj.server.cluster;

import io.etcdj.server.wal.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable half of Raft's vote hold ({@link io.etcdj.raft.RawNode#holdVotesUntilCaughtUp}): the file
 * {@code <data-dir>/votes_held} exists from before a member that starts on an empty data dir takes part in its
 * cluster until it has caught up with a leader. A member's Raft id comes from its name, so one that comes back on an
 * emptied data dir under its old name is counted as its old self, which may have granted votes and acknowledged
 * entries it no longer has; the file keeps it from voting across a crash during its catch-up too. Only its presence
 * counts: there is no content to damage.
 */
public final class VoteHoldFile {
    private static final Logger LOG = LoggerFactory.getLogger(VoteHoldFile.class);
    static final String FILE_NAME = "votes_held";

    private final Path dataDir;
    private volatile boolean held;

    VoteHoldFile(Path dataDir) {
        this.dataDir = dataDir;
        this.held = Files.exists(file());
    }

    Path file() {
        return dataDir.resolve(FILE_NAME);
    }

    /** Whether the file exists (as last read or written here). */
    public boolean isHeld() {
        return held;
    }

    /** Creates the file durably (see {@link DurableFiles#replace}). */
    void hold() throws IOException {
        DurableFiles.replace(
                file(),
                "this member grants no Raft votes until it has caught up with a leader\n"
                        .getBytes(StandardCharsets.US_ASCII));
        held = true;
    }

    /** Removes the file durably: the hold has ended (or a member forms a new cluster on this data dir). */
    void release() throws IOException {
        if (DurableFiles.delete(file())) {
            LOG.info("removed {}: this member votes again", file());
        }
        held = false;
    }
}
