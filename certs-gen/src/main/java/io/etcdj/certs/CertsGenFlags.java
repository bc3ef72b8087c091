package io.etcdj.certs;

import io.etcdj.cli.ArgException;
import io.etcdj.cli.ArgParser;
import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import java.util.List;

/**
 * certs-gen's use of the shared flag parser: a flag that takes one value may not be given twice (which CA was
 * meant?), and errors are worded for certs-gen, naming the subcommand and pointing at its help.
 */
final class CertsGenFlags {
    private CertsGenFlags() {}

    static ParsedArgs parse(String command, List<Flag> flags, List<String> args) throws UsageException {
        try {
            return new ArgParser(flags, ArgParser.Repeats.REFUSED).parse(args);
        } catch (ArgException e) {
            throw new UsageException(command + ": "
                    + switch (e.problem()) {
                        case UNKNOWN_FLAG -> "unknown flag --" + e.flag() + " (see: certs-gen " + command + " -h)";
                        case MISSING_VALUE -> "flag --" + e.flag() + " needs a value";
                        case REPEATED_FLAG -> "flag --" + e.flag() + " given twice";
                    });
        }
    }

    static int intValue(String command, ParsedArgs flags, String flag, int defaultValue) throws UsageException {
        String value = flags.value(flag);
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
