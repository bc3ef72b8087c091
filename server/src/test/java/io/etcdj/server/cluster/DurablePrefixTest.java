package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which committed entries the Raft thread may hand to the apply thread before the fsync of the Ready that carries
 * them: only entries already on disk. Applying one that is not yet durable could answer a client for a write a crash
 * then loses, so every case here is about never counting one too many.
 */
class DurablePrefixTest {
    private static List<Entry> entries(long from, long to) {
        List<Entry> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(new Entry(2, i, EntryType.NORMAL, new byte[] {1}));
        }
        return list;
    }

    @Test
    void aLeadersCommittedEntriesFromEarlierReadiesAreDurableItsNewOnesAreNot() {
        // Entries 1-9 were persisted by earlier Readies; this Ready commits 5-9 and writes 10-12.
        assertEquals(5, ReadyHandler.durablePrefix(entries(5, 9), entries(10, 12), 9));
    }

    @Test
    void anEntryCommittedInTheReadyThatWritesItWaitsForTheFsync() {
        // A single member commits what it is about to write: nothing may go early.
        assertEquals(0, ReadyHandler.durablePrefix(entries(10, 12), entries(10, 12), 9));
        // Part of the committed range is on disk, part is in this Ready.
        assertEquals(3, ReadyHandler.durablePrefix(entries(7, 12), entries(10, 12), 9));
    }

    @Test
    void entriesAFollowerIsAboutToReplaceAreNotDurableEvenIfItsLogHadThoseIndexes() {
        // The log holds 1-12, but this Ready rewrites from 8 (a new leader's entries replace uncommitted ones): the
        // committed 8 and 9 are the new ones, not yet written.
        assertEquals(2, ReadyHandler.durablePrefix(entries(6, 9), entries(8, 13), 12));
    }

    @Test
    void aMembershipChangeAndEverythingAfterItWaitForTheRaftCore() {
        List<Entry> committed = new ArrayList<>(entries(3, 4));
        committed.add(new Entry(2, 5, EntryType.CONF_CHANGE, new byte[] {1}));
        committed.addAll(entries(6, 7));
        assertEquals(2, ReadyHandler.durablePrefix(committed, List.of(), 9));
    }

    @Test
    void nothingCommittedNothingEarly() {
        assertEquals(0, ReadyHandler.durablePrefix(List.of(), entries(10, 12), 9));
        assertEquals(0, ReadyHandler.durablePrefix(List.of(), List.of(), 9));
    }
}
