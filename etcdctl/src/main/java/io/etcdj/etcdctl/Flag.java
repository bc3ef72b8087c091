package io.etcdj.etcdctl;

import java.util.List;

/**
 * One command line flag. Go's flag package (which etcdctl used) accepts both "-name" and "--name",
 * and "--name value" as well as "--name=value"; {@link ArgParser} honours all of them for every flag here.
 *
 * @param name       long name without dashes
 * @param aliases    other names (usually one letter), without dashes
 * @param valueName  null for a boolean flag, else the placeholder shown in help
 * @param help       one line for the help text
 */
record Flag(String name, List<String> aliases, String valueName, String help) {

    static Flag bool(String name, String help, String... aliases) {
        return new Flag(name, List.of(aliases), null, help);
    }

    static Flag value(String name, String valueName, String help, String... aliases) {
        return new Flag(name, List.of(aliases), valueName, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    boolean answersTo(String token) {
        return name.equals(token) || aliases.contains(token);
    }

    /** "--endpoints value, --peers, -C" as the help text shows it: the placeholder once, after the long name. */
    String synopsis() {
        StringBuilder s = new StringBuilder("--").append(name);
        if (takesValue()) s.append(' ').append(valueName);
        for (String a : aliases) {
            s.append(", ").append(a.length() == 1 ? "-" : "--").append(a);
        }
        return s.toString();
    }
}
