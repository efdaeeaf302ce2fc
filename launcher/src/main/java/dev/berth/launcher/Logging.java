package dev.berth.launcher;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every library's logging through SLF4J (configured in {@code simplelogger.properties}), so a
 * process writes one stream of one-line events.
 */
final class Logging {
  private Logging() {}

  static void configure() {
    // Hibernate logs through JBoss Logging, which otherwise picks java.util.logging.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
