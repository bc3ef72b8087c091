package io.etcdj.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user meets it: unpacked with tar into a fresh directory and run with a PATH that holds a Java
 * runtime and a few basic commands, no Maven and no sources.
 */
class TarballTest {
    @TempDir
    static Path scratch;

    static Path home;
    static String path;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Dist.tarball();
        Cmd.ok(scratch, List.of("tar", "-xzf", tarball.toString()));
        home = scratch.resolve("etcdj-" + Dist.VERSION);
        path = Dist.javaOnlyPath(scratch);
        Cmd noMaven = Cmd.run(scratch, List.of("/bin/sh", "-c", "command -v mvn || echo none"), Map.of("PATH", path));
        assertEquals("none\n", noMaven.out(), "the test PATH must not reach Maven");
    }

    @Test
    void holdsTheReleaseLayout() {
        for (String f : List.of(
                "bin/etcd",
                "bin/etcdctl",
                "bin/certs-gen",
                "lib/launcher.sh",
                "etc/etcd.conf.example",
                "etc/jvm.options",
                "systemd/etcd.service",
                "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), "the tarball has etcdj-" + Dist.VERSION + "/" + f);
        }
        for (String launcher : List.of("bin/etcd", "bin/etcdctl", "bin/certs-gen")) {
            assertTrue(Files.isExecutable(home.resolve(launcher)), launcher + " is executable");
        }
        assertTrue(
                Files.isRegularFile(home.resolve("lib/etcdj-server-" + Dist.MAVEN_VERSION + ".jar")),
                "lib/ holds the server jar");
    }

    @Test
    void libHoldsEachArtifactOnceAndOneLoggingBackend() throws Exception {
        java.util.Map<String, String> byArtifact = new java.util.TreeMap<>();
        try (var jars = Files.list(home.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                // artifact-1.2.3.jar, artifact-1.2.3-classifier.jar: the artifact is what precedes "-<digit>".
                String artifact = name.replaceFirst("-\\d.*$", "");
                String before = byArtifact.put(artifact, name);
                assertTrue(before == null, "two versions of " + artifact + " in lib/: " + before + ", " + name);
            }
        }
        assertTrue(byArtifact.containsKey("logback-classic"), "lib/ holds Logback: " + byArtifact.keySet());
        assertTrue(
                !byArtifact.containsKey("slf4j-simple") && !byArtifact.containsKey("slf4j-reload4j"),
                "one SLF4J provider only (a second makes SLF4J warn and pick one): " + byArtifact.keySet());
    }

    @Test
    void versionNamesEtcdjAndItsCommitAfterTheApiLevel() throws Exception {
        Cmd c = Cmd.run(scratch, List.of(home.resolve("bin/etcd").toString(), "-version"), Map.of("PATH", path));
        assertEquals(0, c.exit(), c.err());
        assertEquals(
                "etcd version 0.4.6 (etcdj " + Dist.MAVEN_VERSION + " commit " + Dist.COMMIT + ")\n", c.out(), c.err());
    }

    @Test
    void withoutJavaOrWithAnOldOneTheLauncherSaysSoInOneLine() throws Exception {
        Path basicsOnly = scratch.resolve("basic-bin");
        Cmd noJava = Cmd.run(
                scratch,
                List.of(home.resolve("bin/etcd").toString(), "-version"),
                Map.of("PATH", basicsOnly.toString()));
        assertEquals(1, noJava.exit());
        assertTrue(noJava.err().startsWith("etcd: no java on PATH: install a Java 17+ runtime"), noJava.err());
        assertEquals(1, noJava.err().lines().count(), noJava.err());

        // A Java 11 runtime as a JDK lays it out: bin/java and a release file naming its version.
        Path old = scratch.resolve("jdk-11");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"11.0.2\"\n");
        Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\necho should not run >&2\nexit 9\n");
        assertTrue(java.toFile().setExecutable(true));
        Cmd oldJava = Cmd.run(
                scratch,
                List.of(home.resolve("bin/etcdctl").toString(), "--version"),
                Map.of("PATH", path, "JAVA_HOME", old.toString()));
        assertEquals(
                new Cmd(
                        1,
                        "",
                        "etcdctl: " + java + " is Java 11.0.2; etcdj needs Java 17 or newer (set JAVA_HOME or PATH"
                                + " to one)\n"),
                oldJava);
    }

    @Test
    void seedsFirstCurlThenEtcdctlReadsItBackThenSigtermIsACleanStop() throws Exception {
        Path data = scratch.resolve("member");
        try (Member m = Member.start(home.resolve("bin/etcd"), data, path, List.of())) {
            // The seed's first command, as written there (port aside).
            Cmd put = Cmd.ok(
                    scratch,
                    List.of(
                            "/usr/bin/curl",
                            "-s",
                            "-L",
                            m.url("/v2/keys/message"),
                            "-XPUT",
                            "-d",
                            "value=Hello world"));
            ObjectMapper json = new ObjectMapper();
            assertEquals(
                    json.readTree("{\"action\":\"set\",\"node\":{\"key\":\"/message\",\"value\":\"Hello world\","
                            + "\"modifiedIndex\":2,\"createdIndex\":2}}"),
                    json.readTree(put.out()),
                    put.out());

            Cmd get = Cmd.run(
                    scratch,
                    List.of(home.resolve("bin/etcdctl").toString(), "--endpoints", m.url(""), "get", "/message"),
                    Map.of("PATH", path));
            assertEquals(new Cmd(0, "Hello world\n", ""), get);

            int exit = m.terminate();
            // The JVM's answer to SIGTERM after its shutdown hook closed the member: 128 + 15, which the systemd unit
            // lists as SuccessExitStatus (DebTest checks the unit).
            assertEquals(143, exit, m.log());
        }
    }

    /**
     * A collector named in ETCDJ_JAVA_OPTS replaces the one etc/jvm.options selects (G1): the JVM would otherwise stop
     * with "Multiple garbage collectors selected", since for collectors a later option does not win.
     */
    @Test
    void aCollectorInEtcdjJavaOptsReplacesTheOptionsFilesOne() throws Exception {
        Path data = scratch.resolve("serial-member");
        Map<String, String> env = Map.of(
                "ETCDJ_CDS_ARCHIVE", "", "ETCDJ_JAVA_OPTS", Member.TEST_JVM_OPTS + " -XX:+UseSerialGC -Xlog:gc:stdout");
        try (Member m = Member.start(home.resolve("bin/etcd"), data, path, List.of(), env)) {
            assertEquals(143, m.terminate(), m.log());
            assertTrue(m.log().contains("Using Serial"), m.log());
        }
    }
}
