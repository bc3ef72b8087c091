package io.etcdj.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses flags in the syntax of Go's flag package (which etcdctl 0.4.6 used): "-name" or "--name", a value as
 * "--name value" or "--name=value", a switch alone or as "--name=false". Unlike Go's, flags and positional
 * arguments may be mixed, so both {@code ls --recursive /} and {@code ls / --recursive} work. "--" ends the flags:
 * everything after it is positional (a command to run, or a value that starts with '-'); a lone "-" is positional.
 *
 * <p>A flag that takes a value takes the next argument whatever it looks like ({@code --ttl -5}), and a switch
 * never takes the next argument ({@code ls --recursive false} lists the key "false"). Values are kept as given:
 * converting and checking them, with the tool's own wording, is the caller's job.
 */
public final class ArgParser {
    /** What a second occurrence of a flag that takes one value does (repeatable flags and switches always add). */
    public enum Repeats {
        /** The last one wins, as in Go's flag package. */
        LAST_WINS,
        /** It is an error: which of the two values was meant? */
        REFUSED
    }

    private final List<Flag> specs;
    private final Repeats repeats;

    /** @param specs the flags, searched in order, so an earlier flag wins a name that two of them answer to */
    public ArgParser(List<Flag> specs, Repeats repeats) {
        this.specs = List.copyOf(specs);
        this.repeats = repeats;
    }

    /** Parses every argument. */
    public ParsedArgs parse(List<String> args) throws ArgException {
        return parse(args, false);
    }

    /**
     * Parses the flags before the first positional argument; that argument (a subcommand's name) and everything
     * after it are left unparsed in {@link ParsedArgs#rest()}.
     */
    public ParsedArgs parseUntilFirstPositional(List<String> args) throws ArgException {
        return parse(args, true);
    }

    private ParsedArgs parse(List<String> args, boolean stopAtPositional) throws ArgException {
        Map<String, List<String>> values = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        List<String> rest = new ArrayList<>();
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
            String typed = eq < 0 ? body : body.substring(0, eq);
            Flag flag = find(typed);
            if (flag == null) {
                throw new ArgException(ArgException.Problem.UNKNOWN_FLAG, typed);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.takesValue()) {
                if (i + 1 >= args.size()) {
                    throw new ArgException(ArgException.Problem.MISSING_VALUE, typed);
                }
                value = args.get(++i);
            } else {
                value = "true";
            }
            record(values, flag, typed, value);
        }
        return new ParsedArgs(values, positionals, rest);
    }

    private void record(Map<String, List<String>> values, Flag flag, String typed, String value) throws ArgException {
        List<String> seen = values.computeIfAbsent(flag.name(), n -> new ArrayList<>());
        if (!seen.isEmpty() && !flag.repeatable()) {
            if (repeats == Repeats.REFUSED && flag.takesValue()) {
                throw new ArgException(ArgException.Problem.REPEATED_FLAG, typed);
            }
            seen.clear(); // the last one wins; a switch given twice is still one switch
        }
        seen.add(value);
    }

    private Flag find(String token) {
        for (Flag f : specs) {
            if (f.answersTo(token)) {
                return f;
            }
        }
        return null;
    }
}
