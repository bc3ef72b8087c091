package io.etcdj.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The release files of this build, made once per test JVM by packaging/make-dist from the jars Maven copied into
 * release/target/lib (the same script ./build dist runs).
 */
final class Dist {
    static final Path REPO =
            Path.of(System.getProperty("etcdj.repoRoot", "..")).toAbsolutePath().normalize();
    static final Path LIB =
            Path.of(System.getProperty("etcdj.releaseLib", "target/lib")).toAbsolutePath();
    static final String MAVEN_VERSION = System.getProperty("etcdj.releaseVersion", "0.1.0-SNAPSHOT");
    /** What the build recorded as its commit ("unknown" when Maven ran without -Detcdj.commit). */
    static final String COMMIT = System.getProperty("etcdj.commit", "unknown");
    /** The version in file names and in the .deb: Debian's ~ for Maven's -SNAPSHOT. */
    static final String VERSION = MAVEN_VERSION.replace("-SNAPSHOT", "~SNAPSHOT");

    private static Path dir;

    private Dist() {}

    static synchronized Path dir() throws IOException, InterruptedException {
        if (dir == null) {
            Path out = Path.of("target", "dist").toAbsolutePath();
            Cmd.ok(REPO, List.of(REPO.resolve("packaging/make-dist").toString(), LIB.toString(), out.toString()));
            dir = out;
        }
        return dir;
    }

    static Path tarball() throws IOException, InterruptedException {
        return existing(dir().resolve("etcdj-" + VERSION + ".tar.gz"));
    }

    static Path deb() throws IOException, InterruptedException {
        return existing(dir().resolve("etcdj_" + VERSION + "_all.deb"));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("packaging/make-dist did not write " + p);
        }
        return p;
    }

    /**
     * A PATH a machine with only a Java runtime has: the runtime's bin/ and a directory of links to the few basic
     * commands the launchers use (no mvn, no javac's neighbours from /usr/bin).
     */
    static String javaOnlyPath(Path scratch) throws IOException {
        Path basics = Files.createDirectories(scratch.resolve("basic-bin"));
        for (String tool : List.of(
                "sh", "dash", "bash", "readlink", "dirname", "cat", "env", "ls", "cksum", "mv", "rm", "mkdir")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real) && !Files.exists(basics.resolve(tool))) {
                    Files.createSymbolicLink(basics.resolve(tool), real);
                }
            }
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        return javaBin + ":" + basics;
    }
}
