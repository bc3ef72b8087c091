package io.etcdj.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags (filed under each flag's long name) and positional arguments of one command line segment.
 * {@link #rest()} holds what the parser left unparsed when told to stop at the first positional: a subcommand's
 * name and its arguments.
 */
public final class ParsedArgs {
    private final Map<String, List<String>> values;
    private final List<String> positionals;
    private final List<String> rest;

    ParsedArgs(Map<String, List<String>> values, List<String> positionals, List<String> rest) {
        Map<String, List<String>> copy = new HashMap<>();
        values.forEach((name, given) -> copy.put(name, List.copyOf(given)));
        this.values = Map.copyOf(copy);
        this.positionals = List.copyOf(positionals);
        this.rest = List.copyOf(rest);
    }

    /** True if the flag was given, with whatever value. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** True if the switch was given and its last value is not "false" ("--recursive=false" turns it off). */
    public boolean isTrue(String name) {
        String v = value(name);
        return v != null && !v.equals("false");
    }

    /** The flag's last value, or null if it was not given. */
    public String value(String name) {
        List<String> given = values.get(name);
        return given == null ? null : given.get(given.size() - 1);
    }

    /** Every value of the flag in the order given; empty if it was not given. */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    public List<String> positionals() {
        return positionals;
    }

    /** The i-th positional argument, or null if there are fewer. */
    public String positional(int i) {
        return i < positionals.size() ? positionals.get(i) : null;
    }

    public List<String> rest() {
        return rest;
    }

    /** These arguments, plus each flag of {@code fallback} that was not given here (flags given here win). */
    public ParsedArgs withFallback(ParsedArgs fallback) {
        Map<String, List<String>> merged = new HashMap<>(fallback.values);
        merged.putAll(values);
        return new ParsedArgs(merged, positionals, rest);
    }
}
