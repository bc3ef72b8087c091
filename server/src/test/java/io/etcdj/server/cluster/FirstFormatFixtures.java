package io.etcdj.server.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Data dirs written by the build before the WAL format changed (see the fixtures' README under resources). */
final class FirstFormatFixtures {
    private FirstFormatFixtures() {}

    /** Copies the fixture {@code name} (e.g. {@code single-node}) into {@code dataDir}. */
    static void copy(String name, Path dataDir) throws Exception {
        Path from = Path.of(FirstFormatFixtures.class
                .getResource("/datadir-format-1/" + name)
                .toURI());
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path to = dataDir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }
}
