package org.doorstep.agent.device.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.testing.Ptys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jSerialComm on the slave of a JNA pty, the master played by the test: the transport every serial IT uses. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SerialLinkIT {
  private Pty pty;
  private SerialLink link;

  @BeforeEach
  void open() throws Exception {
    Ptys.requireOnLinux();
    pty = Pty.open();
    link = SerialLink.open(pty.slavePath(), 115200);
  }

  @AfterEach
  void close() {
    if (link != null) {
      link.close();
    }
    if (pty != null) {
      pty.close();
    }
  }

  @Test
  void bytes_cross_the_pty_exactly_in_both_directions() throws Exception {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i; // includes 00, 0D, 0A, 11/13 (XON/XOFF), FF
    }
    link.write(all);
    assertThat(readFromMaster(all.length)).containsExactly(all);

    pty.write(all);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    Deadline d = Deadline.in(Duration.ofSeconds(5));
    while (got.size() < all.length && !d.expired()) {
      got.write(buf, 0, link.read(buf, d));
    }
    assertThat(got.toByteArray()).containsExactly(all);
  }

  @Test
  void read_returns_zero_at_the_deadline_when_nothing_arrives() {
    Deadline d = Deadline.in(Duration.ofMillis(80));
    assertThat(link.read(new byte[16], d)).isZero();
    assertThat(d.expired()).isTrue();
    assertThat(link.read(new byte[16], d)).as("expired deadline reads nothing").isZero();
  }

  @Test
  void master_read_returns_zero_at_its_timeout() throws Exception {
    assertThat(pty.read(new byte[8], 0, 8, Duration.ofMillis(60))).isZero();
  }

  @Test
  void discard_input_drops_stale_bytes() throws Exception {
    pty.write(new byte[] {1, 2, 3, 4, 5});
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> link.discardInput() > 0);
    assertThat(link.read(new byte[8], Deadline.in(Duration.ofMillis(30)))).isZero();
  }

  @Test
  void baud_set_by_the_driver_is_visible_on_the_pty() {
    assertThat(pty.slaveBaud()).hasValue(115200);
    link.setBaud(9600);
    assertThat(link.baud()).isEqualTo(9600);
    assertThat(pty.slaveBaud()).hasValue(9600);
  }

  @Test
  void closing_the_pty_makes_the_link_fail_not_connected() {
    pty.close();
    assertThatThrownBy(() -> link.read(new byte[8], Deadline.in(Duration.ofSeconds(2))))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED));
  }

  @Test
  void opening_a_missing_path_fails_not_connected() {
    assertThatThrownBy(() -> SerialLink.open("/dev/does-not-exist-doorstep", 115200))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED));
  }

  @Test
  void a_second_open_of_the_same_port_fails_not_connected() {
    assertThatThrownBy(() -> SerialLink.open(pty.slavePath(), 115200))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED));
  }

  @Test
  void master_streams_return_end_of_stream_after_close() throws Exception {
    pty.masterOutput().write(new byte[] {0x42});
    byte[] one = new byte[1];
    assertThat(link.read(one, Deadline.in(Duration.ofSeconds(5)))).isEqualTo(1);
    assertThat(one[0]).isEqualTo((byte) 0x42);
    link.write(new byte[] {0x43});
    assertThat(pty.masterInput().read()).isEqualTo(0x43);
    pty.close();
    assertThat(pty.masterInput().read()).isEqualTo(-1);
  }

  private byte[] readFromMaster(int n) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    Deadline d = Deadline.in(Duration.ofSeconds(5));
    while (got.size() < n && !d.expired()) {
      int r = pty.read(buf, 0, buf.length, d.remaining());
      if (r > 0) {
        got.write(buf, 0, r);
      }
    }
    return got.toByteArray();
  }
}
