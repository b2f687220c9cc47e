package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.labels;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.AvroSerde;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of a snapshot with every kind of map in it: the receiver recomputes the same content hash. */
class SnapshotWireTest {

  @Test
  void shouldLetAReceiverRecomputeTheHashOfASnapshotFullOfMaps() {
    Map<String, StringMatch> headers = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      headers.put("x-h" + i, new StringMatch(MatchKind.EXACT, "v" + i));
    }
    HttpMatchRequest match = HttpMatchRequest.newBuilder().setHeaders(headers).build();
    HeadersSpec ops = HeadersSpec.newBuilder().setRequest(HeaderOperations.newBuilder()
        .setSet(new HashMap<>(Map.of("z", "1", "a", "2", "m", "3"))).build()).build();
    TestMesh mesh = new TestMesh()
        .workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 9081)
        .policy("VirtualService", "default", "reviews", vs(REVIEWS, http(dest(REVIEWS, null, 100).build()).setMatch(List.of(match)).setHeaders(ops).build()))
        .policy("PeerAuthentication", "default", "reviews", PeerAuthenticationSpec.newBuilder()
            .setSelector(new LinkedHashMap<>(labels("app", "reviews"))).setMtlsMode(MtlsMode.STRICT)
            .setPortLevelMtls(new HashMap<>(Map.of("9081", MtlsMode.PERMISSIVE, "80", MtlsMode.DISABLE, "10000", MtlsMode.STRICT))).build());
    ProxyConfig config = mesh.config("reviews-v1");
    String hash = SnapshotWire.contentHash(config);
    AvroSerde<ProxySnapshot> serde = new AvroSerde<>(ProxySnapshot.class);

    ProxySnapshot received = serde.decode(serde.encode(SnapshotWire.toAvro(config, hash, LogPosition.START.advance("t", 0, 7))));

    assertEquals(hash, SnapshotWire.contentHash(received));
    assertEquals(8L, received.getVersion());
    assertEquals(MtlsMode.PERMISSIVE, received.getInbound().getPortLevelMtls().get("9081"));
    assertEquals(20, received.getRoutes().get(0).getRules().get(0).getMatch().get(0).getHeaders().size());
  }
}
