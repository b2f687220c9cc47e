package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;

/** Connections opened and closed and bytes moved for one TCP series, over any set of windows. */
record TcpTotals(long opened, long closed, long sentBytes, long receivedBytes) {

  static TcpTotals zero() {
    return new TcpTotals(0, 0, 0, 0);
  }

  static TcpTotals of(ConnectionMetric m) {
    return new TcpTotals(m.getConnectionsOpened(), m.getConnectionsClosed(), m.getSentBytes(), m.getReceivedBytes());
  }

  TcpTotals plus(TcpTotals o) {
    return new TcpTotals(opened + o.opened, closed + o.closed, sentBytes + o.sentBytes, receivedBytes + o.receivedBytes);
  }
}
