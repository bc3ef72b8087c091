package io.etcdj.etcdctl;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses flags mixed with positional arguments, so that both {@code ls --recursive /} and
 * {@code ls / --recursive} work as the tutorial uses them. "--" ends the flags: everything after it is
 * positional (exec-watch's command, or a value that starts with '-').
 */
final class ArgParser {
    private ArgParser() {
    }

    /**
     * @param stopAtPositional true for the global segment: the first positional (the command name) and
     *                         everything after it are left in {@link ParsedArgs#rest} unparsed
     */
    static ParsedArgs parse(List<Flag> specs, List<String> args, boolean stopAtPositional) throws UsageException {
        List<String> positionals = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        ParsedArgs parsed = new ParsedArgs(positionals, rest);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (stopAtPositional) {
                    rest.addAll(args.subList(i, args.size()));
                    break;
                }
                positionals.add(arg);
                continue;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Flag flag = find(specs, name);
            if (flag == null) throw new UsageException("flag provided but not defined: -" + name);
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.takesValue()) {
                if (i + 1 >= args.size()) throw new UsageException("flag needs an argument: -" + name);
                value = args.get(++i);
            } else {
                value = "true";
            }
            parsed.flags.put(flag.name(), value);
        }
        return parsed;
    }

    private static Flag find(List<Flag> specs, String token) {
        for (Flag f : specs) {
            if (f.answersTo(token)) return f;
        }
        return null;
    }
}
