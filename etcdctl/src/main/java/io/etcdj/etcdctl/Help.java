package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The help texts, laid out like the codegangsta/cli screens of etcdctl 0.4.6 and 3.4. */
final class Help {
    private Help() {}

    static void tool(PrintStream out) {
        out.println("NAME:");
        out.println("   etcdctl - A simple command line client for etcd.");
        out.println();
        out.println("USAGE:");
        out.println("   etcdctl [global options] command [command options] [arguments...]");
        out.println();
        out.println("VERSION:");
        out.println("   " + Main.VERSION);
        out.println();
        out.println("COMMANDS:");
        for (Command c : Commands.ALL) {
            out.printf("   %-16s%s%n", c.name(), c.summary());
        }
        out.printf("   %-16s%s%n", "help, h", "Shows a list of commands or help for one command");
        out.println();
        out.println("GLOBAL OPTIONS:");
        flags(out, GlobalOptions.FLAGS);
    }

    static void command(PrintStream out, Command c) {
        out.println("NAME:");
        out.println("   etcdctl " + c.name() + " - " + c.summary());
        out.println();
        out.println("USAGE:");
        out.println("   etcdctl " + c.name() + " [command options] " + c.arguments());
        out.println();
        out.println("OPTIONS:");
        List<Flag> flags = new ArrayList<>(c.flags());
        flags.add(Flag.bool("help", "show help", "h"));
        flags(out, flags);
    }

    /** Help texts line up in one column, two spaces after the longest synopsis. */
    private static void flags(PrintStream out, List<Flag> flags) {
        int width = flags.stream().mapToInt(f -> synopsis(f).length()).max().orElse(0) + 2;
        for (Flag f : flags) {
            out.printf("   %-" + width + "s%s%n", synopsis(f), f.help());
        }
    }

    /** "--endpoints value, --peers, -C" as codegangsta/cli shows a flag: the placeholder once, after the long name. */
    static String synopsis(Flag flag) {
        StringBuilder s = new StringBuilder("--").append(flag.name());
        if (flag.takesValue()) {
            s.append(' ').append(flag.valueName());
        }
        for (String a : flag.aliases()) {
            s.append(", ").append(a.length() == 1 ? "-" : "--").append(a);
        }
        return s.toString();
    }
}
