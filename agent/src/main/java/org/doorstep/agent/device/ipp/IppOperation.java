package org.doorstep.agent.device.ipp;

/** The RFC 8011 operations the agent sends (operation-id values, RFC 8011 §5.4.15). */
public enum IppOperation {
  PRINT_JOB(0x0002),
  GET_JOB_ATTRIBUTES(0x0009),
  GET_PRINTER_ATTRIBUTES(0x000B);

  private final int code;

  IppOperation(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The operation with this id, if the agent knows it (the simulator answers others with operation-not-supported). */
  public static java.util.Optional<IppOperation> of(int code) {
    for (IppOperation o : values()) {
      if (o.code == code) {
        return java.util.Optional.of(o);
      }
    }
    return java.util.Optional.empty();
  }
}
