package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start one instance of the telemetry pipeline (see {@link ControlPlaneJobs#startPipeline}); the parts mean
 * what they mean in {@link EngineOptions}.
 */
public record PipelineOptions(String bootstrap, Topics topics, String namePrefix, Path stateDir, short replicationFactor,
    KafkaClientSettings client, Membership membership) {

  public PipelineOptions {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(membership, "membership");
  }

  /** No client login, dynamic membership with one standby. */
  public static PipelineOptions of(String bootstrap, Topics topics, String namePrefix, Path stateDir, short replicationFactor) {
    return new PipelineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, KafkaClientSettings.NONE,
        Membership.DEFAULT);
  }

  public PipelineOptions withClient(KafkaClientSettings value) {
    return new PipelineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, value, membership);
  }

  public PipelineOptions withMembership(Membership value) {
    return new PipelineOptions(bootstrap, topics, namePrefix, stateDir, replicationFactor, client, value);
  }
}
