package dev.meshlog.engine.ca;

import dev.meshlog.engine.ca.checkpoint.CheckpointSetup;
import dev.meshlog.engine.ca.checkpoint.CheckpointTopology;
import dev.meshlog.engine.ca.signer.SignerSetup;
import dev.meshlog.engine.ca.signer.SignerTopology;
import dev.meshlog.schemas.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The graph of the engine's CA app ({@code <prefix>-ca}): the signer and the policy checkpoints in one
 * app, because both use the CA's key. Pure, so its names can be checked without a broker.
 */
public final class CaAppTopology {

  private CaAppTopology() {}

  public static Topology build(Topics topics, SignerSetup signer, CheckpointSetup checkpoints) {
    StreamsBuilder graph = new StreamsBuilder();
    SignerTopology.addTo(graph, topics, signer);
    CheckpointTopology.addTo(graph, topics, checkpoints);
    return graph.build();
  }
}
