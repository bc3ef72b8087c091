package io.etcdj.etcdctl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flags (by long name) and positional arguments of one command line segment. {@code rest} holds what
 * followed the first positional when the parser was told to stop there (the command and its arguments).
 */
final class ParsedArgs {
    final Map<String, String> flags = new HashMap<>();
    final List<String> positionals;
    final List<String> rest;

    ParsedArgs(List<String> positionals, List<String> rest) {
        this.positionals = positionals;
        this.rest = rest;
    }

    boolean has(String name) {
        String v = flags.get(name);
        return v != null && !v.equals("false");
    }

    String get(String name) {
        return flags.get(name);
    }

    String positional(int i) {
        return i < positionals.size() ? positionals.get(i) : null;
    }

    /** A flag that must be a whole number, e.g. --ttl or --after-index. */
    Long number(String name) throws UsageException {
        String v = flags.get(name);
        if (v == null) return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag --" + name + ": not a number");
        }
    }
}
