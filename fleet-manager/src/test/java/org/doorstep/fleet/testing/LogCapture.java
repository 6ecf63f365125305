package org.doorstep.fleet.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the log events of one logger (and its children) while open. */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logger = context.getLogger(name);
    appender.setContext(context);
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing {@code name}'s events. */
  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /** Starts capturing the events of {@code type}'s logger. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  /** Formatted messages so far (level first: {@code "WARN MQTT connection refused: …"}). */
  public List<String> messages() {
    synchronized (appender) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
