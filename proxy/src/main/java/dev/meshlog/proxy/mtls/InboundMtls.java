package dev.meshlog.proxy.mtls;

import io.netty.channel.ChannelHandler;
import java.util.function.Supplier;

/**
 * Mesh mTLS on the inbound listener: the PeerAuthentication mode of the workload port, read from
 * the live config per connection, and the credentials to serve TLS with.
 */
public record InboundMtls(Supplier<MtlsMode> mode, WorkloadCredentials credentials) {

  /** The first handler of a new inbound connection. */
  public ChannelHandler newHandler(Supplier<ChannelHandler> plaintext, Supplier<ChannelHandler> afterHandshake) {
    return new InboundMtlsHandler(mode, credentials, plaintext, afterHandshake);
  }
}
