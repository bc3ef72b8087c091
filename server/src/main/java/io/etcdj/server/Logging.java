package io.etcdj.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.etcdj.server.config.ServerConfig;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the one logging backend (Logback) from -log-level, -log-format and -v/-vv before the member's first log
 * line: every line goes to stderr (where slf4j-simple wrote before) in one format, java.util.logging (gRPC, Netty)
 * included through the SLF4J bridge. An operator who passes {@code -Dlogback.configurationFile=...} keeps full
 * control: then only the bridge is installed and the file decides the rest.
 */
final class Logging {
    /** The text format: local time with ms, level, thread, the logger's last name segment, the message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n";

    /** etcdj's own loggers (classes under io.etcdj) and its named ones (etcdj.request). */
    private static final String[] OWN_LOGGERS = {"io.etcdj", "etcdj"};

    private Logging() {}

    /** Applies {@code settings} to Logback, unless the operator named a Logback file of their own. */
    static void configure(ServerConfig.Logging settings) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        boolean ownFile = System.getProperty("logback.configurationFile") != null;
        if (factory instanceof LoggerContext context && !ownFile) {
            configure(context, settings);
        }
        bridgeJul();
    }

    private static void configure(LoggerContext context, ServerConfig.Logging settings) {
        context.reset();
        // JUL checks its own levels before building a record: mirror Logback's levels there so that gRPC's and
        // Netty's disabled FINE lines stay as cheap as they were without the bridge.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, settings.format()));
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        Level own = logbackLevel(settings.level());
        root.setLevel(settings.libraryDebug() ? Level.DEBUG : moreSevere(own, Level.WARN));
        for (String name : OWN_LOGGERS) {
            context.getLogger(name).setLevel(own);
        }
    }

    /** Routes java.util.logging into SLF4J, replacing JUL's own console handler (its two-line format). */
    private static void bridgeJul() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, ServerConfig.Logging.Format format) {
        if (format == ServerConfig.Logging.Format.JSON) {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    static Level logbackLevel(ServerConfig.Logging.Level level) {
        return switch (level) {
            case ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
            case TRACE -> Level.TRACE;
        };
    }

    private static Level moreSevere(Level a, Level b) {
        return a.isGreaterOrEqual(b) ? a : b;
    }
}
