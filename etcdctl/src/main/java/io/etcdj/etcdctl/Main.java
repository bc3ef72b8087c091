package io.etcdj.etcdctl;

import io.etcdj.cli.ArgException;
import io.etcdj.cli.ArgParser;
import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * etcdctl for etcd 0.4's v2 API. {@link #run} takes its streams and environment as arguments so that
 * tests drive the real command line in-process; {@link #main} only wires the process's own.
 */
public final class Main {
    static final String VERSION = "0.4.6 (etcdj)";
    private static final Flag HELP = Flag.bool("help", "show help", "h");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /** @return the exit code: 0 ok, 1 bad arguments, 2 cluster unreachable, 4 server error, 5 unhealthy */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            return dispatch(Arrays.asList(args), in, out, err, env);
        } catch (UsageException | ArgException e) {
            // ArgException's wording is Go's flag package's, which etcdctl printed.
            err.println("Error:  " + e.getMessage());
            err.println("Run 'etcdctl --help' for usage.");
            return ExitCodes.BAD_ARGS;
        } catch (EtcdException e) {
            err.println("Error:  " + e.getMessage());
            return ExitCodes.SERVER_ERROR;
        } catch (ClusterUnreachableException e) {
            err.println("Error:  " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            // Never a Java class name: an operator reads this line.
            err.println("Error:  " + TransportFailure.plain(e));
            return ExitCodes.SERVER_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130; // what a shell reports for a command stopped by SIGINT
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(
            List<String> args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env)
            throws UsageException, ArgException, EtcdException, ClusterUnreachableException, IOException,
                    InterruptedException {
        ParsedArgs global =
                new ArgParser(GlobalOptions.FLAGS, ArgParser.Repeats.LAST_WINS).parseUntilFirstPositional(args);
        if (global.isTrue("version")) {
            out.println("etcdctl version " + VERSION);
            return ExitCodes.SUCCESS;
        }
        if (global.rest().isEmpty() || global.isTrue("help")) {
            Help.tool(out);
            return ExitCodes.SUCCESS;
        }
        String name = global.rest().get(0);
        List<String> commandArgs = global.rest().subList(1, global.rest().size());
        if (name.equals("help") || name.equals("h")) {
            return help(commandArgs, out);
        }
        Command command = Commands.find(name);
        if (command == null) {
            throw new UsageException("unknown command \"" + name + "\"");
        }
        // Global flags are also accepted after the command; the command's own flags take precedence.
        List<Flag> specs = new ArrayList<>(command.flags());
        specs.add(HELP);
        specs.addAll(GlobalOptions.FLAGS);
        ParsedArgs parsed = new ArgParser(specs, ArgParser.Repeats.LAST_WINS)
                .parse(commandArgs)
                .withFallback(global);
        if (parsed.isTrue("help")) {
            Help.command(out, command);
            return ExitCodes.SUCCESS;
        }
        GlobalOptions options = new GlobalOptions(parsed, env);
        return command.run(new Invocation(parsed, options, in, out, err, env));
    }

    private static int help(List<String> topic, PrintStream out) throws UsageException {
        if (topic.isEmpty()) {
            Help.tool(out);
            return ExitCodes.SUCCESS;
        }
        Command c = Commands.find(topic.get(0));
        if (c == null) {
            throw new UsageException("no help topic for '" + topic.get(0) + "'");
        }
        Help.command(out, c);
        return ExitCodes.SUCCESS;
    }
}
