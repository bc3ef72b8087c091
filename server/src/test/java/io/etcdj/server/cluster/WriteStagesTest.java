package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.Entry;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.server.command.Command;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage recorder turns known timestamps into the right stage durations, and never into wrong ones. */
class WriteStagesTest {
    private static final long TERM = 2;

    /** What the recorder reported, in order. */
    private static final class Recorded implements Timings {
        final List<String> stages = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();
        final List<Long> appends = new ArrayList<>();

        @Override
        public void walFsynced(long nanos) {}

        @Override
        public void snapshotSaved(long nanos) {}

        @Override
        public void peerRoundTrip(long peerId, long nanos) {}

        @Override
        public void writeStage(WriteStage stage, long nanos) {
            assertTrue(nanos >= 0, stage + " " + nanos);
            stages.add(stage.label() + "=" + nanos);
        }

        @Override
        public void writeAnswered(long nanos) {
            assertTrue(nanos >= 0, "total " + nanos);
            totals.add(nanos);
        }

        @Override
        public void followerAppended(long nanos) {
            appends.add(nanos);
        }
    }

    private final Recorded recorded = new Recorded();
    private final WriteStages stages = new WriteStages();

    WriteStagesTest() {
        stages.observe(recorded);
    }

    private static byte[] data(long requestId) {
        return EntryData.encode(requestId, Command.set("/k", false, "v", Command.PERMANENT));
    }

    private static Entry entry(long index, long requestId) {
        return Entry.normal(TERM, index, data(requestId));
    }

    @Test
    void eachStageIsTheTimeSinceTheOneBefore() {
        stages.registered(41, 1_000);
        stages.proposed(List.of(data(41)), 1_300);
        stages.readyPersisted(List.of(entry(7, 41)), List.of(), List.of(), 1_350, 2_000);
        stages.readyPersisted(List.of(), List.of(entry(7, 41)), List.of(), 2_600, 2_900);
        stages.applied(7, 41, 3_000);
        stages.answered(7, 3_250);

        assertEquals(
                List.of("queued=300", "persisted=700", "committed=600", "applied=400", "answered=250"),
                recorded.stages);
        assertEquals(List.of(2_250L), recorded.totals);
    }

    @Test
    void aSingleMembersEntryPersistedAndCommittedInOneReadyHasAZeroCommittedStage() {
        stages.registered(5, 100);
        stages.proposed(List.of(data(5)), 200);
        // Taken at 250 (committed already), fsynced at 900: the commit is only acted on after the fsync.
        stages.readyPersisted(List.of(entry(3, 5)), List.of(entry(3, 5)), List.of(), 250, 900);
        stages.applied(3, 5, 1_000);

        assertEquals(List.of("queued=100", "persisted=700", "committed=0", "applied=100"), recorded.stages);
    }

    @Test
    void anOverwrittenRequestSlotIsNotMeasured() {
        long id = 77;
        stages.registered(id, 1_000);
        stages.registered(id + WriteStages.SLOTS, 1_100); // a write SLOTS ids later takes the slot
        stages.proposed(List.of(data(id)), 1_200);
        stages.readyPersisted(List.of(entry(9, id)), List.of(entry(9, id)), List.of(), 1_300, 1_400);
        stages.applied(9, id, 1_500);
        stages.answered(9, 1_600);

        assertEquals(List.of(), recorded.stages);
        assertEquals(List.of(), recorded.totals);
    }

    @Test
    void anOverwrittenIndexSlotIsNotMeasuredFromThen() {
        stages.registered(1, 0);
        stages.proposed(List.of(data(1)), 10);
        stages.readyPersisted(List.of(entry(4, 1)), List.of(), List.of(), 15, 20);
        long later = 4 + WriteStages.SLOTS;
        stages.registered(2, 30);
        stages.proposed(List.of(data(2)), 40);
        stages.readyPersisted(List.of(entry(later, 2)), List.of(), List.of(), 45, 50);

        stages.readyPersisted(List.of(), List.of(entry(4, 1)), List.of(), 60, 70);
        stages.applied(4, 1, 80);
        stages.answered(4, 90);

        assertEquals(List.of("queued=10", "persisted=10", "queued=10", "persisted=10"), recorded.stages);
        assertEquals(List.of(), recorded.totals);
    }

    @Test
    void anotherLeadersEntryAtTheSameIndexIsNotMeasured() {
        stages.registered(11, 0);
        stages.proposed(List.of(data(11)), 10);
        stages.readyPersisted(List.of(entry(6, 11)), List.of(), List.of(), 15, 20);
        // Leadership moved: index 6 committed with another member's write.
        stages.readyPersisted(List.of(), List.of(entry(6, 999)), List.of(), 30, 40);
        stages.applied(6, 999, 50);

        assertEquals(List.of("queued=10", "persisted=10"), recorded.stages);
    }

    @Test
    void aClockThatWouldGiveANegativeDurationGivesNone() {
        stages.registered(8, 5_000);
        stages.proposed(List.of(data(8)), 4_000); // before it was registered
        stages.readyPersisted(List.of(entry(2, 8)), List.of(entry(2, 8)), List.of(), 4_100, 4_200);
        stages.applied(2, 8, 4_300);
        stages.answered(2, 4_400);

        assertEquals(List.of(), recorded.stages);
        assertEquals(List.of(), recorded.totals);
    }

    @Test
    void aWriteIsAnsweredOnce() {
        stages.registered(3, 0);
        stages.proposed(List.of(data(3)), 1);
        stages.readyPersisted(List.of(entry(1, 3)), List.of(entry(1, 3)), List.of(), 2, 3);
        stages.applied(1, 3, 4);
        stages.answered(1, 5);
        stages.answered(1, 6);

        assertEquals(List.of(5L), recorded.totals);
    }

    @Test
    void writesThisMemberDidNotRegisterAreNotMeasured() {
        stages.proposed(List.of(data(123)), 10);
        stages.readyPersisted(List.of(entry(1, 123)), List.of(entry(1, 123)), List.of(), 20, 30);
        stages.applied(1, 123, 40);
        stages.answered(1, 50);

        assertEquals(List.of(), recorded.stages);
    }

    @Test
    void aFollowerAppendIsTimedFromTheOldestMsgAppToTheResponse() {
        Message resp = Message.builder(MessageType.MsgAppResp).from(2).to(1).build();
        stages.readyPersisted(List.of(), List.of(), List.of(resp), 0, 100); // nothing received: nothing measured
        assertEquals(List.of(), recorded.appends);

        stages.appendReceived();
        stages.appendReceived();
        stages.readyPersisted(List.of(), List.of(), List.of(), 0, System.nanoTime()); // no response yet
        assertEquals(List.of(), recorded.appends);
        stages.readyPersisted(List.of(), List.of(), List.of(resp), 0, System.nanoTime());
        assertEquals(1, recorded.appends.size());
        assertTrue(recorded.appends.get(0) >= 0);
    }
}
