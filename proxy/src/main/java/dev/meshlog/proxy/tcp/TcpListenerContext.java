package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.telemetry.ConnectionSink;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** What every TCP listener's connections share: the live routing, the connector, tuning, counters and telemetry. */
record TcpListenerContext(Supplier<TcpRouting> routing, TcpConnector connector, TcpTuning tuning,
    Supplier<RandomGenerator> random, TcpStats stats, ConnectionSink connections) {}
