package org.doorstep.config.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.doorstep.config.crypto.TlsContexts;

/**
 * TLS sockets for Paho's {@code ssl://} URIs: TLS 1.3 only ({@link TlsContexts#PROTOCOL}) and
 * {@code TCP_NODELAY} on, for the same reason as {@link NoDelaySocketFactory} (small PUBACKs must not
 * wait on Nagle). Key and trust material come from the {@link SSLContext} (see
 * {@link org.doorstep.config.crypto.TlsIdentity#sslContext()}).
 *
 * <p>Host name verification: every socket starts with JSSE's {@code HTTPS} endpoint identification
 * set, but Paho's SSL module replaces the socket's parameters before the handshake and sets it again
 * only when {@code MqttConnectionOptions#setHttpsHostnameVerificationEnabled(true)} (Paho's default).
 * Callers keep that option on.
 */
public final class NoDelayTlsSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;

  /** @param context a TLS context (its key managers present the client certificate) */
  public NoDelayTlsSocketFactory(SSLContext context) {
    this.delegate = Objects.requireNonNull(context, "context").getSocketFactory();
  }

  private static Socket tune(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    if (socket instanceof SSLSocket ssl) {
      ssl.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(new String[0]));
      var params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
    }
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return tune(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    s.setTcpNoDelay(true);
    return tune(delegate.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return tune(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return tune(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return tune(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return tune(delegate.createSocket(address, port, localAddress, localPort));
  }
}
