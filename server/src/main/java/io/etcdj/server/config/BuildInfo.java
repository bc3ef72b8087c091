package io.etcdj.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * etcdj's own version and the git commit it was built from, as the build recorded them in build-info.properties (a
 * filtered resource). The API level stays etcd 0.4.6's: scripts grep {@code etcd version 0.4.6}.
 */
public record BuildInfo(String version, String commit) {
    /** The v2 API level this server speaks, printed first by -version. */
    public static final String API_VERSION = "0.4.6";

    private static final String RESOURCE = "build-info.properties";

    /** What this jar was built as; "unknown" for a value the build did not fill in (e.g. built outside git). */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the etcdj jar", e);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /** {@code etcd version 0.4.6 (etcdj 0.1.0 commit 7985909)}. */
    public String versionLine() {
        return "etcd version " + API_VERSION + " (etcdj " + version + " commit " + commit + ")";
    }

    private static String known(String value) {
        // An unfiltered resource (a build that skipped resource processing) still holds the ${...} placeholder.
        if (value == null || value.isBlank() || value.contains("${")) {
            return "unknown";
        }
        return value.trim();
    }
}
