package io.etcdj.certs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed flags of one subcommand. Flags are {@code --name value} or {@code --name=value}; a subcommand declares
 * which flags take a value, which are switches, and which may repeat, so a typo fails instead of being ignored.
 */
final class CliArgs {
  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private CliArgs() {}

  static CliArgs parse(String command, List<String> args, Set<String> valueFlags, Set<String> repeatable,
      Set<String> switches) throws UsageException {
    CliArgs parsed = new CliArgs();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        parsed.positional.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String flag = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (switches.contains(flag) && equals < 0) {
        parsed.values.computeIfAbsent(flag, f -> new ArrayList<>()).add("true");
        continue;
      }
      if (!valueFlags.contains(flag) && !repeatable.contains(flag)) {
        throw new UsageException(command + ": unknown flag --" + flag + " (see: certs-gen " + command + " -h)");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(command + ": flag --" + flag + " needs a value");
      }
      List<String> seen = parsed.values.computeIfAbsent(flag, f -> new ArrayList<>());
      if (!seen.isEmpty() && !repeatable.contains(flag)) {
        throw new UsageException(command + ": flag --" + flag + " given twice");
      }
      seen.add(value);
    }
    return parsed;
  }

  String value(String flag) {
    List<String> given = values.get(flag);
    return given == null ? null : given.get(0);
  }

  List<String> all(String flag) {
    return values.getOrDefault(flag, List.of());
  }

  boolean has(String flag) {
    return values.containsKey(flag);
  }

  List<String> positional() {
    return positional;
  }

  int intValue(String command, String flag, int defaultValue) throws UsageException {
    String value = value(flag);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + flag + " must be a whole number, not '" + value + "'");
    }
  }
}
