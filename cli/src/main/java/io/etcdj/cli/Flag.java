package io.etcdj.cli;

import java.util.List;
import java.util.Objects;

/**
 * One command line flag. As in Go's flag package, every name answers to both "-name" and "--name".
 *
 * @param name       the long name, without dashes; {@link ParsedArgs} files values under it
 * @param aliases    other names (often one letter), without dashes
 * @param valueName  null for a switch (a boolean flag), else the placeholder a help screen shows
 * @param help       one line for a help screen; empty when the tool writes its help by hand
 * @param repeatable true if every occurrence adds a value ({@code --ip A --ip B}); otherwise a second occurrence
 *                   replaces the first or is refused, as the parser's {@link ArgParser.Repeats} says
 */
public record Flag(String name, List<String> aliases, String valueName, String help, boolean repeatable) {
    public Flag {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(help, "help");
        if (repeatable && valueName == null) {
            throw new IllegalArgumentException("a switch cannot be repeatable: " + name);
        }
    }

    /** A switch: "--name" alone means true; a value only with "=" ("--name=false"). */
    public static Flag bool(String name, String help, String... aliases) {
        return new Flag(name, List.of(aliases), null, help, false);
    }

    /** A flag that takes a value: "--name value" or "--name=value". */
    public static Flag value(String name, String valueName, String help, String... aliases) {
        return new Flag(name, List.of(aliases), Objects.requireNonNull(valueName, "valueName"), help, false);
    }

    /** This flag, collecting a value from each occurrence. */
    public Flag repeated() {
        return new Flag(name, aliases, valueName, help, true);
    }

    public boolean takesValue() {
        return valueName != null;
    }

    public boolean answersTo(String token) {
        return name.equals(token) || aliases.contains(token);
    }
}
