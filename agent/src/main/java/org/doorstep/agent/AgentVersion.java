package org.doorstep.agent;

/** The agent's software version, from the jar manifest when packaged. */
public final class AgentVersion {
  /** Used when running from classes (IDE, tests). */
  public static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

  private AgentVersion() {}

  public static String current() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? DEVELOPMENT : v;
  }
}
