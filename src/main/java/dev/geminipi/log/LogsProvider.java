package dev.geminipi.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J finds {@link Logs} through this (META-INF/services). Our own backend instead of logback:
 * the daemon writes one kind of line to one stream, and logback's 490 classes, with the XML
 * parser that reads its config, cost 4.5 MiB of RSS (README, Libraries).
 */
public final class LogsProvider implements SLF4JServiceProvider {
  private Logs logs;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public void initialize() {
    logs = Logs.fromSystemProperties();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return logs;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
