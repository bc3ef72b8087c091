package io.etcdj.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb, without installing it on this shared machine: its control fields as dpkg-deb --info shows them, its
 * files unpacked with dpkg-deb -x into a temp root, the unit checked by systemd-analyze, and a member started from the
 * unpacked usr/bin/etcd.
 */
class DebTest {
    @TempDir
    static Path scratch;

    static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        root = scratch.resolve("root");
        Cmd.ok(scratch, List.of("dpkg-deb", "-x", Dist.deb().toString(), root.toString()));
    }

    @Test
    void controlFieldsDeclareTheJavaRuntimeAndTheVersion() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Depends", "Conflicts")) {
            String value = Cmd.ok(
                            scratch, List.of("dpkg-deb", "--field", Dist.deb().toString(), field))
                    .out()
                    .strip();
            fields.put(field, value);
        }
        assertEquals(
                Map.of(
                        "Package", "etcdj",
                        "Version", Dist.VERSION,
                        "Architecture", "all",
                        "Depends", "openjdk-17-jre-headless | java17-runtime-headless, adduser",
                        "Conflicts", "etcd-server"),
                fields);
        String info = Cmd.ok(scratch, List.of("dpkg-deb", "--info", Dist.deb().toString()))
                .out();
        for (String part : List.of("conffiles", "postinst", "postrm", "Installed-Size:")) {
            assertTrue(info.contains(part), "dpkg-deb --info shows " + part + ":\n" + info);
        }
        Cmd conffiles = Cmd.ok(
                scratch,
                List.of(
                        "sh",
                        "-c",
                        "dpkg-deb --ctrl-tarfile \"$0\" | tar -xOf - ./conffiles",
                        Dist.deb().toString()));
        assertEquals("/etc/etcd/etcd.conf\n", conffiles.out());
    }

    @Test
    void installsUnderUsrShareEtcdjWithCommandsThatLeaveDebiansEtcdctlAlone() throws Exception {
        assertTrue(Files.isExecutable(root.resolve("usr/share/etcdj/bin/etcd")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/etcdj/etc/jvm.options")));
        assertEquals(Path.of("../share/etcdj/bin/etcd"), Files.readSymbolicLink(root.resolve("usr/bin/etcd")));
        assertEquals(Path.of("../share/etcdj/bin/etcdctl"), Files.readSymbolicLink(root.resolve("usr/bin/etcdjctl")));
        assertFalse(Files.exists(root.resolve("usr/bin/etcdctl")), "Debian's etcd-client owns /usr/bin/etcdctl");
        String conf = Files.readString(root.resolve("etc/etcd/etcd.conf"));
        assertTrue(conf.contains("\ndata_dir = \"/var/lib/etcd\"\n"), conf);
    }

    @Test
    void unitRunsAsEtcdInVarLibEtcdAndTreatsSigtermAsSuccess() throws Exception {
        Path unit = root.resolve("usr/lib/systemd/system/etcd.service");
        Map<String, String> service = section(Files.readString(unit), "Service");
        assertEquals("etcd", service.get("User"));
        assertEquals("etcd", service.get("StateDirectory"));
        assertEquals("/var/lib/etcd", service.get("WorkingDirectory"));
        assertEquals("/usr/bin/etcd", service.get("ExecStart"));
        assertEquals("143", service.get("SuccessExitStatus"), "TarballTest: SIGTERM ends the JVM with 143");
        assertEquals("on-failure", service.get("Restart"));
        assertTrue(service.containsKey("LimitNOFILE"));
        assertEquals(
                "multi-user.target", section(Files.readString(unit), "Install").get("WantedBy"));

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        // systemd-analyze checks that ExecStart exists: point it at the unpacked launcher, change nothing else.
        Path check = Files.createDirectories(scratch.resolve("unit-check")).resolve("etcd.service");
        Files.writeString(
                check,
                Files.readString(unit).replace("ExecStart=/usr/bin/etcd", "ExecStart=" + root.resolve("usr/bin/etcd")));
        Cmd verify = Cmd.run(scratch, List.of("/usr/bin/systemd-analyze", "verify", check.toString()));
        assertEquals(new Cmd(0, "", ""), verify, "systemd-analyze verify: no errors, no warnings");
    }

    @Test
    void memberStartsFromTheUnpackedPackageWithItsConffile() throws Exception {
        Path data = scratch.resolve("deb-member");
        String path = Dist.javaOnlyPath(scratch);
        // The packaged /etc/etcd/etcd.conf, read as the file it is (flags override its data_dir for this test).
        List<String> conf =
                List.of("-config", root.resolve("etc/etcd/etcd.conf").toString());
        try (Member m = Member.start(root.resolve("usr/bin/etcd"), data, path, conf)) {
            Cmd put = Cmd.ok(
                    scratch,
                    List.of("/usr/bin/curl", "-s", "-L", m.url("/v2/keys/deb"), "-XPUT", "-d", "value=installed"));
            assertEquals(
                    "installed",
                    new ObjectMapper().readTree(put.out()).at("/node/value").asText(),
                    put.out());
            Cmd version = Cmd.run(
                    scratch, List.of(root.resolve("usr/bin/etcd").toString(), "--version"), Map.of("PATH", path));
            assertTrue(version.out().startsWith("etcd version 0.4.6 (etcdj "), version.out() + version.err());
        }
    }

    /** key = value lines of one [section] of a systemd unit (the last value of a repeated key). */
    private static Map<String, String> section(String unit, String name) {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : unit.split("\n")) {
            String l = line.strip();
            if (l.startsWith("[") && l.endsWith("]")) {
                current = l.substring(1, l.length() - 1);
            } else if (name.equals(current) && !l.startsWith("#") && l.contains("=")) {
                keys.put(
                        l.substring(0, l.indexOf('=')).strip(),
                        l.substring(l.indexOf('=') + 1).strip());
            }
        }
        return keys;
    }
}
