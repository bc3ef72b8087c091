package io.etcdj.certs;

import io.etcdj.tls.TlsConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code certs-gen} command line. Exit status: 0 on success, 1 when the work fails (a missing CA file, a file
 * that would be overwritten), 2 when the command line is wrong. Every error is one line on stderr.
 */
public final class CertsGenMain {
    private CertsGenMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns the exit status; the streams are parameters so tests can read them. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(Usage.MAIN);
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command.equals("help") || isHelp(command)) {
            return help(rest.isEmpty() ? null : rest.get(0), out, err);
        }
        if (rest.stream().anyMatch(CertsGenMain::isHelp)) {
            return help(command, out, err);
        }
        try {
            switch (command) {
                case "ca", "server", "client", "peer" -> IssueCommand.run(command, rest, out);
                case "inspect" -> InspectCommand.run(rest, out);
                case "demo" -> DemoCommand.run(rest, out);
                default -> throw new UsageException("unknown command '" + command + "' (see: certs-gen help)");
            }
            return 0;
        } catch (UsageException e) {
            err.println("certs-gen: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("certs-gen: " + command + ": " + describe(e));
            return 1;
        } catch (TlsConfigException e) {
            // The same "FILE: problem" shape as the IOExceptions above; the file's role is clear from the command.
            err.println("certs-gen: " + command + ": " + e.file() + ": " + e.problem());
            return 1;
        }
    }

    /** The JDK's file exceptions carry only the path; say what went wrong with it. */
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        return e.getMessage();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }

    private static int help(String command, PrintStream out, PrintStream err) {
        String text = command == null
                ? Usage.MAIN
                : switch (command) {
                    case "ca" -> Usage.CA;
                    case "server", "client", "peer" -> Usage.leaf(command);
                    case "inspect" -> Usage.INSPECT;
                    case "demo" -> Usage.DEMO;
                    default -> null;
                };
        if (text == null) {
            err.println("certs-gen: unknown command '" + command + "' (see: certs-gen help)");
            return 2;
        }
        out.print(text);
        return 0;
    }
}
