package org.imagedownloader;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The lines one logger writes while a test runs, as an operator would read them: level and message. */
final class LogLines extends AbstractAppender implements AutoCloseable {

    /** null for every logger */
    private final String logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(String logger) {
        super("test-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    static LogLines of(Class<?> type) {
        return capture(new LogLines(type.getName()));
    }

    /** Every logger's lines, for what must appear in none (a secret). */
    static LogLines ofEveryLogger() {
        return capture(new LogLines(null));
    }

    private static LogLines capture(LogLines capture) {
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (logger == null || event.getLoggerName().equals(logger)) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " [stack trace]"));
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
