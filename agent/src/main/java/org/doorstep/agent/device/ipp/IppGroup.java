package org.doorstep.agent.device.ipp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An attribute group: its delimiter tag (operation, job, printer, unsupported) and attributes in order. */
public record IppGroup(IppTag tag, List<IppAttribute> attributes) {
  public IppGroup {
    Objects.requireNonNull(tag, "tag");
    attributes = List.copyOf(attributes);
    if (!tag.isDelimiter() || tag == IppTag.END_OF_ATTRIBUTES) {
      throw new IllegalArgumentException("tag: " + tag + " does not open an attribute group");
    }
  }

  /** The attribute called {@code name}, if present. */
  public Optional<IppAttribute> get(String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
