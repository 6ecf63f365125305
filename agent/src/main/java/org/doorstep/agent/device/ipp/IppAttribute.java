package org.doorstep.agent.device.ipp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute: a name and one or more values (further values travel as "additional values" with an
 * empty name, RFC 8010 §3.1.4).
 */
public record IppAttribute(String name, List<IppValue> values) {
  public IppAttribute {
    Objects.requireNonNull(name, "name");
    values = List.copyOf(values);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: must not be empty");
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: attribute " + name + " needs at least one value");
    }
  }

  public static IppAttribute of(String name, IppValue... values) {
    return new IppAttribute(name, List.of(values));
  }

  public static IppAttribute text(String name, IppTag tag, String... values) {
    return new IppAttribute(name, java.util.Arrays.stream(values).map(v -> (IppValue) new IppValue.Text(tag, v)).toList());
  }

  public static IppAttribute integer(String name, int value) {
    return of(name, new IppValue.Int(IppTag.INTEGER, value));
  }

  public static IppAttribute enumValue(String name, int value) {
    return of(name, new IppValue.Int(IppTag.ENUM, value));
  }

  /** The first value as an int, when it is an integer or enum. */
  public Optional<Integer> firstInt() {
    return values.get(0) instanceof IppValue.Int i ? Optional.of(i.value()) : Optional.empty();
  }

  /** The first value as a boolean, when it is one. */
  public Optional<Boolean> firstBool() {
    return values.get(0) instanceof IppValue.Bool b ? Optional.of(b.value()) : Optional.empty();
  }

  /** Every value as text ({@link IppValue#asText()}). */
  public List<String> texts() {
    return values.stream().map(IppValue::asText).toList();
  }
}
