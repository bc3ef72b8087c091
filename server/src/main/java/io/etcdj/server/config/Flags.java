package io.etcdj.server.config;

import io.etcdj.server.config.FlagSpec.Kind;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * etcd 0.4.6's settings from all its sources, merged as its config.Load did: defaults, then /etc/etcd/etcd.conf (when
 * present), then the -config file (or ETCD_CONFIG), then the ETCD_* environment, then the flags, each overriding the
 * one before. Flags use Go's syntax ({@code -name value}, {@code -name=value}, {@code --name}, bare booleans) and may
 * be 0.4's deprecated aliases. {@link CheckedConfig} then checks the result.
 */
public final class Flags {
    private Flags() {}

    /** What the command line asked for: run with a config, or print something and exit. */
    public sealed interface Outcome {
        /**
         * Run the node.
         *
         * @param deprecations 0.4.6's "[deprecated] use -x, not -y" lines, for stderr as 0.4.6 printed them
         * @param warnings     settings accepted without effect here, one line each, for the log at WARN
         */
        record Run(ServerConfig config, List<String> deprecations, List<String> warnings) implements Outcome {
            public Run {
                deprecations = List.copyOf(deprecations);
                warnings = List.copyOf(warnings);
            }

            public Run(ServerConfig config) {
                this(config, List.of(), List.of());
            }
        }

        record Print(String text) implements Outcome {}
    }

    /** One flag from the command line, its alias resolved; its value is checked when it is applied. */
    private record Given(FlagSpec spec, String typed, String value) {}

    /** With the system-wide file at {@link ConfigFile#systemPath()} (/etc/etcd/etcd.conf unless overridden). */
    public static Outcome parse(String[] args, Map<String, String> env) throws ConfigException {
        return parse(args, env, ConfigFile.systemPath());
    }

    public static Outcome parse(String[] args, Map<String, String> env, Path systemConfigFile) throws ConfigException {
        List<String> deprecations = new ArrayList<>();
        List<Given> commandLine = commandLine(args, deprecations);
        if (lastBool(commandLine, "h") || lastBool(commandLine, "help")) {
            return new Outcome.Print(FlagTable.usage());
        }
        if (lastBool(commandLine, "version")) {
            return new Outcome.Print(BuildInfo.current().versionLine());
        }
        FlagValues values = new FlagValues();
        ConfigFile.load(systemConfigFile, false, FlagValues.Origin.SYSTEM_FILE, values);
        Path configFile = configFile(commandLine, env);
        if (configFile != null) {
            ConfigFile.load(configFile, true, FlagValues.Origin.CONFIG_FILE, values);
        }
        for (FlagSpec spec : FlagTable.ALL) {
            String v = spec.env() == null ? null : env.get(spec.env());
            if (v == null || v.isBlank()) {
                continue; // 0.4.6 skipped empty variables
            }
            if (spec.kind() == Kind.BOOL) {
                // 0.4.6: a variable is true unless it is 0 or false.
                String t = v.trim().toLowerCase(Locale.ROOT);
                v = t.equals("0") || t.equals("false") ? "false" : "true";
            }
            values.set(spec, v, FlagValues.Origin.environment(spec.env()));
        }
        for (Given g : commandLine) {
            values.set(g.spec(), g.value(), FlagValues.Origin.flag(g.typed()));
        }
        List<String> warnings = new ArrayList<>();
        for (FlagSpec spec : FlagTable.ALL) {
            if (LegacyFlags.NO_EFFECT.containsKey(spec.name()) && values.given(spec.name())) {
                warnings.add(LegacyFlags.noEffect(values.label(spec.name()), spec.name()));
            }
        }
        return new Outcome.Run(CheckedConfig.from(values), deprecations, warnings);
    }

    /** The flags in order, aliases mapped (noting 0.4.6's deprecation line for each); unknown flags stop here. */
    private static List<Given> commandLine(String[] args, List<String> deprecations) throws ConfigException {
        List<Given> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new ConfigException("unexpected argument \"" + arg + "\" (flags start with -; see -h)");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            FlagSpec spec = FlagTable.find(name);
            String alias = LegacyFlags.ALIASES.get(name);
            if (spec == null && alias != null) {
                spec = FlagTable.spec(alias);
                String line = LegacyFlags.deprecation(name);
                if (!deprecations.contains(line)) {
                    deprecations.add(line);
                }
            }
            if (spec == null) {
                throw new ConfigException("flag provided but not defined: -" + name + " (see -h for every flag)");
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (spec.kind() == Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("flag needs an argument: -" + name);
            }
            given.add(new Given(spec, name, value));
        }
        return given;
    }

    /** Whether the last occurrence of a boolean flag on the command line is true (Go's flag package: last wins). */
    private static boolean lastBool(List<Given> commandLine, String name) {
        boolean on = false;
        for (Given g : commandLine) {
            if (g.spec().name().equals(name)) {
                on = List.of("1", "t", "true", "").contains(g.value().trim().toLowerCase(Locale.ROOT));
            }
        }
        return on;
    }

    /** -config on the command line, else ETCD_CONFIG, else none. */
    private static Path configFile(List<Given> commandLine, Map<String, String> env) throws ConfigException {
        String path = null;
        String source = "ETCD_CONFIG";
        for (Given g : commandLine) {
            if (g.spec().name().equals("config")) {
                path = g.value();
                source = "-" + g.typed();
            }
        }
        if (path == null) {
            path = env.get("ETCD_CONFIG");
        }
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return Path.of(path.trim());
        } catch (InvalidPathException e) {
            throw new ConfigException("invalid path \"" + path + "\" for " + source + ": " + e.getMessage());
        }
    }
}
