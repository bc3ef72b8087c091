package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/**
 * setdir: create a directory if absent, as the tutorial says it is meant to behave (0.4.6's failed with
 * "102: Not a file" when the directory existed). An existing directory is left alone, or gets the new TTL
 * when --ttl is given; an existing key is still an error.
 */
final class SetdirCommand implements Command {
    private static final int KEY_ALREADY_EXISTS = 105;

    public String name() {
        return "setdir";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "create a new directory or update an existing directory TTL";
    }

    public List<Flag> flags() {
        return List.of(Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        EtcdClient c = inv.client();
        Params create =
                new Params().put("dir", "true").put("prevExist", "false").ttl(inv);
        EtcdResponse r;
        try {
            r = c.keys("PUT", key, create.map(), false);
        } catch (EtcdException e) {
            if (e.errorCode != KEY_ALREADY_EXISTS) {
                throw e;
            }
            r = c.keys("GET", key, new Params().map(), false);
            if (!r.isDir()) {
                throw new EtcdException(102, "Not a file", r.key(), r.etcdIndex());
            }
            if (inv.args.value("ttl") != null) {
                Params update =
                        new Params().put("dir", "true").put("prevExist", "true").ttl(inv);
                r = c.keys("PUT", key, update.map(), false);
            }
        }
        DirOutput.print(inv, r);
        return ExitCodes.SUCCESS;
    }
}
