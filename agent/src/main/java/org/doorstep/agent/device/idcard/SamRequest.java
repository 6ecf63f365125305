package org.doorstep.agent.device.idcard;

import java.util.Arrays;
import java.util.Optional;

/** One checked host → reader frame: CMD, PARA and DATA (what the simulator receives). Immutable. */
public final class SamRequest implements SamFrameDecoder.Result {
  private final int cmd;
  private final int para;
  private final byte[] data;

  SamRequest(int cmd, int para, byte[] data) {
    this.cmd = cmd & 0xFF;
    this.para = para & 0xFF;
    this.data = data;
  }

  public int cmd() {
    return cmd;
  }

  public int para() {
    return para;
  }

  /** A copy of DATA (empty for every command the driver sends). */
  public byte[] data() {
    return data.clone();
  }

  /** The command, empty when CMD/PARA is not one we know. */
  public Optional<SamCommand> command() {
    return SamCommand.of(cmd, para);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamRequest r && r.cmd == cmd && r.para == para && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * cmd + para) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return String.format("SamRequest[%02X %02X, %d B data]", cmd, para, data.length);
  }
}
