package io.etcdj.etcdctl;

/** Bad arguments or flags: reported on stderr, exit code {@link ExitCodes#BAD_ARGS}. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
