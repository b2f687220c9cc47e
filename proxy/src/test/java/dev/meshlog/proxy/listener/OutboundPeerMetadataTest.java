package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outbound listener sends its x-meshlog-peer to mesh workloads only, never to a ServiceEntry's hosts. */
class OutboundPeerMetadataTest {

  private static Exchange to(String workload) {
    Endpoint endpoint = Endpoint.resolve("127.0.0.1", 9, workload, Map.of());
    Cluster cluster = new Cluster("outbound|80||h.default.svc.cluster.local", "h.default.svc.cluster.local", Optional.empty(),
        80, List.of(endpoint));
    return exchange(new Dispatch.Forward(endpoint, cluster, "r"));
  }

  private static Exchange exchange(Dispatch dispatch) {
    return new Exchange(null, dispatch, new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), false);
  }

  @Test
  void shouldTellARegisteredWorkloadButNotAServiceEntryAddressOrAnUnknownHost() {
    assertTrue(OutboundFrontendHandler.toMeshWorkload(to("reviews-v1")));
    assertFalse(OutboundFrontendHandler.toMeshWorkload(to("ServiceEntry/default/httpbin")));
    assertFalse(OutboundFrontendHandler.toMeshWorkload(to(null)));
    assertFalse(OutboundFrontendHandler.toMeshWorkload(exchange(new Dispatch.Fail(503, "UH", "h", "r"))));
  }
}
