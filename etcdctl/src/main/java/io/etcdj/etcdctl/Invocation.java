package io.etcdj.etcdctl;

import io.etcdj.cli.ParsedArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Everything a command needs: its parsed arguments, the client, the output streams and the environment. */
final class Invocation {
    final ParsedArgs args;
    final GlobalOptions options;
    final Printer printer;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    private EtcdClient client;

    Invocation(
            ParsedArgs args,
            GlobalOptions options,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env) {
        this.args = args;
        this.options = options;
        this.printer = new Printer(options.output, out);
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Built on first use so that argument errors are reported before TLS files are read. */
    EtcdClient client() throws UsageException {
        if (client == null) {
            client = new EtcdClient(options, err);
        }
        return client;
    }

    /** The first positional argument, which every key command requires. */
    String key() throws UsageException {
        String key = args.positional(0);
        if (key == null) {
            throw new UsageException("key required");
        }
        return key;
    }

    /** A flag that must be a whole number, e.g. --ttl or --after-index; null if it was not given. */
    Long number(String name) throws UsageException {
        String v = args.value(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag --" + name + ": not a number");
        }
    }

    /** The value argument, or all of stdin when it is missing (as 0.4.6's argOrStdin; no trimming). */
    String valueOrStdin(int position) throws UsageException, IOException {
        String v = args.positional(position);
        if (v != null) {
            return v;
        }
        String read = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (read.isEmpty()) {
            throw new UsageException("value required");
        }
        return read;
    }
}
