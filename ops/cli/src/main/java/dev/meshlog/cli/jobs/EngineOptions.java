package dev.meshlog.cli.jobs;

import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start one instance of the policy engine (see {@link ControlPlaneJobs#startEngine}): one record instead of
 * an overload per optional part, so {@code meshlog up}, {@code meshlog engine}, the benchmarks and the tests say only
 * what differs from the defaults.
 *
 * @param namePrefix the topic prefix, also prefixing the Streams application ids: a second mesh on one cluster has its
 *     own groups, and instances with the same prefix share theirs
 * @param client every client's login ({@code --kafka-config}); {@link KafkaClientSettings#NONE} on a plain broker
 * @param membership static instance id and standby replicas; {@link Membership#DEFAULT} for a single instance
 */
public record EngineOptions(String bootstrap, Topics topics, String namePrefix, Path stateDir, short replicationFactor,
    CaConfig ca, Debounce debounce, KafkaClientSettings client, Membership membership) {

  public EngineOptions {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(membership, "membership");
  }

  /** Istio's debounce, no client login, dynamic membership with one standby. */
  public static EngineOptions of(String bootstrap, Topics topics, String namePrefix, Path stateDir, short replicationFactor,
      CaConfig ca) {
    return new EngineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, ca, Debounce.ISTIO,
        KafkaClientSettings.NONE, Membership.DEFAULT);
  }

  public EngineOptions withDebounce(Debounce value) {
    return new EngineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, ca, value, client, membership);
  }

  public EngineOptions withClient(KafkaClientSettings value) {
    return new EngineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, ca, debounce, value, membership);
  }

  public EngineOptions withMembership(Membership value) {
    return new EngineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, ca, debounce, client, value);
  }
}
