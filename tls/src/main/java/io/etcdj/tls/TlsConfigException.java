package io.etcdj.tls;

import java.nio.file.Path;

/**
 * A certificate, key or CA file cannot be used. The message always starts with the file, so an operator reading a
 * failed startup knows which flag to fix, for example {@code key file /etc/etcd/server.key: no such file}.
 */
public final class TlsConfigException extends Exception {
    private final Path file;
    private final String problem;

    public TlsConfigException(String role, Path file, String problem) {
        this(role, file, problem, null);
    }

    public TlsConfigException(String role, Path file, String problem, Throwable cause) {
        super(role + " " + file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong with the file, without the role and path: for tools that print the path their own way. */
    public String problem() {
        return problem;
    }
}
