package io.etcdj.server.acceptance;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the log tails of the etcd processes a test ran, when (and only when) the test fails. */
final class LogTailOnFailure implements BeforeEachCallback, TestWatcher {
    @Override
    public void beforeEach(ExtensionContext context) {
        EtcdProcess.TAILS.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("==== " + context.getDisplayName() + " failed; etcd log tails:");
        for (String tail : EtcdProcess.TAILS) {
            System.out.println(tail);
        }
    }
}
