package io.etcdj.etcdctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs {@link Main#run} in-process with captured streams and a given environment. */
final class Ctl {
    record Result(int code, String out, String err) {}

    private final Map<String, String> env = new HashMap<>();

    Ctl(String endpoints) {
        if (endpoints != null) {
            env.put("ETCDCTL_ENDPOINTS", endpoints);
        }
    }

    Ctl env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Like {@link #run} but writing to the caller's streams, for commands that run until interrupted. */
    int runTo(PrintStream out, PrintStream err, String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), out, err, env);
    }
}
