package dev.meshlog.proxy.tcp;

/** Counts on a {@link TcpStats} from tests in other packages, as the relay would. */
public final class TcpStatsFixtures {

  private TcpStatsFixtures() {}

  /** One connection on {@code route} that moved the bytes given, then closed. */
  public static void connection(TcpStats stats, TcpRoute route, long received, long sent) {
    TcpStats.RouteCounters counters = stats.route(route);
    counters.countOpened();
    counters.addReceived(received);
    counters.addSent(sent);
    counters.countClosed();
  }

  /** One connection on {@code route} closed with UF after {@code attempts} failed connects. */
  public static void upstreamFailure(TcpStats stats, TcpRoute route, int attempts) {
    TcpStats.RouteCounters counters = stats.route(route);
    counters.countOpened();
    for (int i = 0; i < attempts; i++) {
      counters.countConnectFailure();
    }
    counters.countUpstreamFailure();
    counters.countClosed();
  }
}
