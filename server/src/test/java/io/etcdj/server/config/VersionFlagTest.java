package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** -version: etcd's API level first (scripts grep "etcd version 0.4.6"), then etcdj's own version and commit. */
class VersionFlagTest {
    private static final Pattern LINE = Pattern.compile(
            "etcd version 0\\.4\\.6 \\(etcdj \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? commit ([0-9a-f]{7,}|unknown)\\)");

    @Test
    void versionPrintsTheApiLevelThenEtcdjsVersionAndCommitFromTheBuild() throws Exception {
        for (String flag : new String[] {"-version", "--version"}) {
            var print = assertInstanceOf(
                    Flags.Outcome.Print.class,
                    Flags.parse(new String[] {flag}, Map.of(), Path.of("/nonexistent/etcdj-test/etcd.conf")));
            assertTrue(LINE.matcher(print.text()).matches(), print.text());
            assertEquals(BuildInfo.current().versionLine(), print.text());
        }
    }

    @Test
    void theBuildFilledInTheVersion() {
        // The filtered build-info.properties: a build that skipped filtering would leave "unknown" (or ${...}).
        assertTrue(
                BuildInfo.current().version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                BuildInfo.current().version());
    }

    @Test
    void versionLineKeepsTheApiLevelPrefixScriptsGrep() {
        assertEquals(
                "etcd version 0.4.6 (etcdj 0.1.0 commit 7985909)", new BuildInfo("0.1.0", "7985909").versionLine());
    }
}
