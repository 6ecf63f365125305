package org.doorstep.fleet.testing;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.doorstep.config.transport.NoDelayTlsSocketFactory;

/**
 * TLS identities for broker tests, minted directly with {@link DeviceCa} (no enrolment): device
 * identities from the fleet's TLS CA or from a stranger's, expired ones, server identities.
 */
public final class TestTls {
  private static final Clock CLOCK = Clock.systemUTC();

  private TestTls() {}

  /** A new TLS CA (ECDSA P-256, as every fleet's TLS CA). */
  public static DeviceCa ca(String name) {
    return DeviceCa.createTls(name, Duration.ofDays(365), CLOCK);
  }

  /** A new Ed25519 CA: the TLS CA of a STANDARD fleet from before the switch to P-256 TLS keys. */
  public static DeviceCa legacyCa(String name) {
    return DeviceCa.create(name, CryptoSuite.STANDARD, Duration.ofDays(365), CLOCK);
  }

  /** A broker identity for localhost / 127.0.0.1 from {@code ca}, trusting {@code ca}. */
  public static TlsIdentity server(DeviceCa ca) {
    KeyPair pair = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    X509Certificate cert = ca.issueServer(pair.getPublic(), "test-broker", List.of("localhost", "127.0.0.1"),
        Duration.ofDays(1), CLOCK);
    return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(ca.certificate()));
  }

  /** A device identity {@code CN=deviceId} issued by {@code issuer}, valid now for a day, trusting {@code trusted}. */
  public static TlsIdentity device(DeviceCa issuer, String deviceId, DeviceCa trusted) {
    return device(issuer, deviceId, trusted, CLOCK, Duration.ofDays(1));
  }

  /** A device identity from the fleet's TLS CA, trusting it. */
  public static TlsIdentity device(DeviceCa tlsCa, String deviceId) {
    return device(tlsCa, deviceId, tlsCa);
  }

  /** A device identity from {@code tlsCa} whose certificate expired an hour ago. */
  public static TlsIdentity expiredDevice(DeviceCa tlsCa, String deviceId) {
    Instant issued = Instant.now().minus(Duration.ofDays(2));
    return device(tlsCa, deviceId, tlsCa, Clock.fixed(issued, ZoneOffset.UTC), Duration.ofDays(2).minusHours(1));
  }

  private static TlsIdentity device(DeviceCa issuer, String deviceId, DeviceCa trusted, Clock clock, Duration validity) {
    // The key of the issuer's algorithm: P-256 from a TLS CA, Ed25519 from a legacy one.
    KeyPair pair = Keys.generate(issuer.algorithm());
    X509Certificate cert = issuer.issue(Csr.create(deviceId, pair), deviceId, "440103", validity, clock);
    return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(trusted.certificate()));
  }

  /** Paho options for {@code ssl://} with {@code identity}: TLS 1.3, host name checked, MQTT 5 defaults. */
  public static MqttConnectionOptions options(TlsIdentity identity) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(new NoDelayTlsSocketFactory(identity.sslContext()));
    o.setHttpsHostnameVerificationEnabled(true);
    o.setConnectionTimeout(10);
    return o;
  }
}
