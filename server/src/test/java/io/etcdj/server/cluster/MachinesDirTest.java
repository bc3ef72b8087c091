package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.peer.Member;
import io.etcdj.store.V2Store;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /_etcd/machines as etcd 0.4 lays it out, which its clients read. */
class MachinesDirTest {
    private final V2Store store = new V2Store(Clock.systemUTC());

    @Test
    void aMemberIsItsNameUnderMachinesWithBothUrlsUrlEncoded() throws Exception {
        Member m = Member.named("n1", "http://127.0.0.1:7001", "http://127.0.0.1:4001");
        assertEquals("/_etcd/machines/n1", MachinesDir.key("n1"));
        assertEquals("etcd=http%3A%2F%2F127.0.0.1%3A4001&raft=http%3A%2F%2F127.0.0.1%3A7001", MachinesDir.value(m));
        store.set(MachinesDir.key("n1"), false, MachinesDir.value(m), null);
        assertEquals(List.of(m), MachinesDir.read(store));
    }

    @Test
    void membersAreListedInNameOrderAndAnUnreadableEntryIsSkipped() throws Exception {
        assertEquals(List.of(), MachinesDir.read(store), "nothing registered yet");
        Member b = Member.named("b", "http://b:7001", "http://b:4001");
        Member a = Member.named("a", "http://a:7001", "http://a:4001");
        store.set(MachinesDir.key("b"), false, MachinesDir.value(b), null);
        store.set(MachinesDir.key("a"), false, MachinesDir.value(a), null);
        store.set(MachinesDir.key("damaged"), false, "etcd=%zz&raft=x", null);
        store.set(MachinesDir.key("dir"), true, null, null);
        assertEquals(List.of(a, b), MachinesDir.read(store));
    }
}
