package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Help and version need no server. */
class HelpTest {
    private final Ctl ctl = new Ctl("http://127.0.0.1:1");

    @Test
    void toolHelpListsEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {}}) {
            Ctl.Result r = ctl.run(args);
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("NAME:\n   etcdctl - A simple command line client for etcd.\n"), r.out());
            for (Command c : Commands.ALL) {
                assertTrue(r.out().contains("\n   " + c.name() + " "), c.name());
            }
            assertTrue(r.out().contains("--endpoints value, --peers, -C, --endpoint  a comma-delimited list"), r.out());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (Command c : Commands.ALL) {
            Ctl.Result r = ctl.run(c.name(), "--help");
            assertEquals(0, r.code(), c.name());
            assertTrue(r.out().contains("USAGE:\n   etcdctl " + c.name() + " [command options] "), r.out());
            assertEquals(r, ctl.run("help", c.name()));
        }
        assertTrue(ctl.run("set", "-h").out().contains("--swap-with-index value"));
    }

    @Test
    void version() {
        assertEquals(new Ctl.Result(0, "etcdctl version 0.4.6 (etcdj)\n", ""), ctl.run("--version"));
    }

    @Test
    void tlsFilesAreCheckedBeforeAnyRequest() throws Exception {
        Path key = Files.createTempFile("key", ".pem");
        try {
            Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
            Ctl.Result r = ctl.run("--cert-file", key.toString(), "--key-file", key.toString(), "get", "/k");
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("Error:  cannot load TLS files: "), r.err());
            assertEquals(1, ctl.run("--cert-file", key.toString(), "get", "/k").code(), "cert without key");
            Ctl.Result missingCa = new Ctl("https://127.0.0.1:1")
                    .env("ETCDCTL_CA_FILE", "/nonexistent.pem")
                    .run("get", "/k");
            assertEquals(1, missingCa.code(), missingCa.err());
        } finally {
            Files.delete(key);
        }
    }
}
