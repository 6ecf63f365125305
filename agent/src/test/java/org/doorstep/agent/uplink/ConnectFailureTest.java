package org.doorstep.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** A refused TLS handshake or CONNACK is logged as what it most likely means for the operator. */
class ConnectFailureTest {

  private static MqttException wrapped(Throwable cause) {
    return new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, cause);
  }

  @Test
  void tls_alerts_are_translated() {
    assertThat(PahoUplink.describeConnectFailure(wrapped(new SSLHandshakeException("Received fatal alert: certificate_expired"))))
        .startsWith("the broker refused our certificate as expired");
    assertThat(PahoUplink.describeConnectFailure(wrapped(new SSLHandshakeException("Received fatal alert: bad_certificate"))))
        .startsWith("the broker refused our client certificate");
    assertThat(PahoUplink.describeConnectFailure(wrapped(new SSLHandshakeException(
        "No subject alternative names matching IP address 10.0.0.5 found"))))
        .startsWith("the broker's certificate does not name the host");
    assertThat(PahoUplink.describeConnectFailure(wrapped(new SSLHandshakeException(
        "PKIX path building failed: unable to find valid certification path to requested target"))))
        .startsWith("the broker's certificate is not from the fleet's TLS CA");
  }

  @Test
  void connack_refusals_are_translated() {
    assertThat(PahoUplink.describeConnectFailure(new MqttException(0x87)))
        .startsWith("broker refused the connection: not authorized: the fleet does not know this device, or it is revoked");
    assertThat(PahoUplink.describeConnectFailure(new MqttException(0x85)))
        .contains("the device id is not the certificate's");
  }

  @Test
  void anything_else_keeps_its_message() {
    assertThat(PahoUplink.describeConnectFailure(new java.net.ConnectException("Connection refused")))
        .isEqualTo("Connection refused");
  }
}
