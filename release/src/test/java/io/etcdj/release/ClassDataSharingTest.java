package io.etcdj.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release launcher's class-data sharing archive (lib/launcher.sh, cds_plan): the first server run of an install
 * writes it when the member stops, later runs map it, and a damaged archive never stops a member or prints a JVM
 * warning into its log.
 */
class ClassDataSharingTest {
    @TempDir
    Path scratch;

    @Test
    void theFirstRunWritesTheArchiveLaterRunsUseItAndADamagedOneIsHarmless() throws Exception {
        Cmd.ok(scratch, List.of("tar", "-xzf", Dist.tarball().toString()));
        Path home = scratch.resolve("etcdj-" + Dist.VERSION);
        String path = Dist.javaOnlyPath(scratch);
        Path archive = scratch.resolve("cache/server.jsa");
        Map<String, String> env = Map.of("ETCDJ_CDS_ARCHIVE", archive.toString());
        Path data = scratch.resolve("member");

        // First run: the launcher runs the JVM as its child and renames the archive into place after it exits.
        Member first = Member.start(home.resolve("bin/etcd"), data, path, List.of(), env);
        assertFalse(Files.exists(archive), "the archive is written when the member stops, not before");
        assertEquals(143, first.terminate(), first.log());
        assertTrue(Files.size(archive) > 1_000_000, "the first run left an archive of the loaded classes");
        assertTrue(Files.isRegularFile(scratch.resolve("cache/server.jsa.key")), "and its key");
        try (var left = Files.list(scratch.resolve("cache"))) {
            assertEquals(2, left.count(), "no temporary files are left beside the archive");
        }
        long made = Files.getLastModifiedTime(archive).toMillis();

        // Second run: the archive is used as it is (not written again); SIGTERM still gives the JVM's 143.
        Member second = Member.start(home.resolve("bin/etcd"), data, path, List.of(), env);
        assertEquals(143, second.terminate(), second.log());
        assertEquals(made, Files.getLastModifiedTime(archive).toMillis(), "a matching archive is not rewritten");
        assertFalse(second.log().contains("[warning]"), second.log());

        // A damaged archive with a matching key: the JVM loads classes the ordinary way, silently.
        Files.write(archive, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Member third = Member.start(home.resolve("bin/etcd"), data, path, List.of(), env);
        assertEquals(143, third.terminate(), third.log());
        assertFalse(third.log().contains("[warning]"), third.log());
        assertFalse(third.log().contains("cds"), third.log());
    }

    /**
     * A JDK 17 JVM asked to write an archive refuses to start with an agent (a debugger, a profiler, an APM's
     * -javaagent) or with -Xshare:off: with those in ETCDJ_JAVA_OPTS or JAVA_TOOL_OPTIONS the launcher makes no archive
     * and the member starts; an archive made by an earlier run is still used with them.
     */
    @Test
    void aRunWithADebuggerAgentOrNoClassSharingStartsAndMakesNoArchive() throws Exception {
        Cmd.ok(scratch, List.of("tar", "-xzf", Dist.tarball().toString()));
        Path launcher = scratch.resolve("etcdj-" + Dist.VERSION + "/bin/etcd");
        String path = Dist.javaOnlyPath(scratch);
        Path archive = scratch.resolve("cache/server.jsa");
        String debugger = " -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
        Map<String, String> withDebugger =
                Map.of("ETCDJ_CDS_ARCHIVE", archive.toString(), "ETCDJ_JAVA_OPTS", Member.TEST_JVM_OPTS + debugger);
        Map<String, String> noSharing =
                Map.of("ETCDJ_CDS_ARCHIVE", archive.toString(), "JAVA_TOOL_OPTIONS", "-Xshare:off");
        Path data = scratch.resolve("member");

        Member debugged = Member.start(launcher, data, path, List.of(), withDebugger);
        assertEquals(143, debugged.terminate(), debugged.log());
        assertTrue(debugged.log().contains("Listening for transport dt_socket"), debugged.log());
        assertFalse(Files.exists(archive), "no archive is made with an agent");

        Member unshared = Member.start(launcher, data, path, List.of(), noSharing);
        assertEquals(143, unshared.terminate(), unshared.log());
        assertFalse(Files.exists(archive), "no archive is made with -Xshare:off");

        Member plain = Member.start(launcher, data, path, List.of(), Map.of("ETCDJ_CDS_ARCHIVE", archive.toString()));
        assertEquals(143, plain.terminate(), plain.log());
        assertTrue(Files.size(archive) > 1_000_000, "a run without them makes the archive");
        long made = Files.getLastModifiedTime(archive).toMillis();

        Member debuggedAgain = Member.start(launcher, data, path, List.of(), withDebugger);
        assertEquals(143, debuggedAgain.terminate(), debuggedAgain.log());
        assertEquals(made, Files.getLastModifiedTime(archive).toMillis(), "the archive is used, not rewritten");
        assertFalse(debuggedAgain.log().contains("[warning]"), debuggedAgain.log());
    }
}
