package dev.meshlog.engine.roundtrip;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test starts from Bookinfo registered on a fresh sequencer and snapshot builder, with no policy yet. */
abstract class MeshRoundTrip {

  static final String VIRTUAL_SERVICES = "virtualservice.yaml";
  static final String DESTINATION_RULES = "destinationrule.yaml";
  static final String SERVICE_ENTRIES = "serviceentry.yaml";
  static final String PEER_AUTHENTICATIONS = "peerauthentication.yaml";
  static final String AUTHORIZATION_POLICIES = "authorizationpolicy.yaml";
  static final String SIDECARS = "sidecar.yaml";

  @TempDir
  Path stateDir;

  RoundTrip mesh;

  @BeforeEach
  void startMesh() {
    mesh = new RoundTrip(stateDir).cluster(Bookinfo.mesh());
  }

  @AfterEach
  void stopMesh() {
    mesh.close();
  }
}
