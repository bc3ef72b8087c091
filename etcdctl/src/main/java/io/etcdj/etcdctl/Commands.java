package io.etcdj.etcdctl;

import java.util.List;

/** The subcommands in the order the help text lists them. */
final class Commands {
    static final List<Command> ALL = List.of(
            new ClusterHealthCommand(),
            new MkCommand(),
            new MkdirCommand(),
            new RmCommand(),
            new RmdirCommand(),
            new GetCommand(),
            new LsCommand(),
            new SetCommand(),
            new SetdirCommand(),
            new UpdateCommand(),
            new UpdatedirCommand(),
            new WatchCommand(),
            new ExecWatchCommand(),
            new MemberCommand(),
            new BackupCommand());

    private Commands() {}

    static Command find(String name) {
        for (Command c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
