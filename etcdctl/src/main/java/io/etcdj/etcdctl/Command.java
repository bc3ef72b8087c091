package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** One etcdctl subcommand. {@link Help} renders the name, arguments, summary and flags. */
interface Command {
    String name();

    /** What follows the command name in the usage line, e.g. "<key> <value>". */
    String arguments();

    String summary();

    List<Flag> flags();

    /** @return the exit code */
    int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException;
}
