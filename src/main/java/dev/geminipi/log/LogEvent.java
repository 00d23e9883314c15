package dev.geminipi.log;

import org.slf4j.event.Level;

/** One event that passed its logger's level: what {@link Logs#listen} hands a listener. */
public record LogEvent(Level level, String logger, String message, Throwable thrown) {}
