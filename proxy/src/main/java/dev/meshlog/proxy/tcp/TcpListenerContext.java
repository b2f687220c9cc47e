package dev.meshlog.proxy.tcp;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** What every TCP listener's connections share: the live routing, the connector, tuning and counters. */
record TcpListenerContext(Supplier<TcpRouting> routing, TcpConnector connector, TcpTuning tuning,
    Supplier<RandomGenerator> random, TcpStats stats) {}
