package io.etcdj.certs;

import io.etcdj.cli.ParsedArgs;
import io.etcdj.tls.PemFiles;
import io.etcdj.tls.TlsConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** {@code inspect FILE}: describe every certificate in a PEM file. */
final class InspectCommand {
    private InspectCommand() {}

    static void run(List<String> args, PrintStream out) throws UsageException, IOException, TlsConfigException {
        ParsedArgs flags = CertsGenFlags.parse("inspect", List.of(), args);
        if (flags.positionals().size() != 1) {
            throw new UsageException("inspect: give exactly one FILE");
        }
        Path file = Path.of(flags.positional(0));
        List<X509Certificate> certificates = PemFiles.readCertificates(file);
        if (certificates.isEmpty()) {
            throw new IOException(file + ": no PEM certificate in the file");
        }
        Instant now = Instant.now();
        for (int i = 0; i < certificates.size(); i++) {
            if (i > 0) {
                out.println();
            }
            if (certificates.size() > 1) {
                out.printf("certificate %d of %d%n", i + 1, certificates.size());
            }
            out.print(CertificateDescription.describe(certificates.get(i), now));
        }
    }
}
