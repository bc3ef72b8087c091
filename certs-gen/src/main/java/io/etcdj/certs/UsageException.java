package io.etcdj.certs;

/** The command line itself is wrong (unknown flag, missing value): exit status 2, like most Unix tools. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
