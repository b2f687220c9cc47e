package dev.meshlog.cli.bench;

import dev.meshlog.schemas.Subjects;

/**
 * One measured change: the VirtualService of target service {@code service} sends {@code v1Weight}
 * percent to subset v1 and the rest to v2. Change {@code i} flips target {@code i mod targets}
 * away from the weight it had (90 at seed time), so every change alters some proxies' content.
 */
record WeightFlip(int index, int service, String namespace, String name, String host, int v1Weight) {

  static final int SEED_V1_WEIGHT = 90;
  static final int FLIPPED_V1_WEIGHT = 10;

  static WeightFlip of(MeshLayout layout, int index) {
    int service = index % layout.targets();
    int round = index / layout.targets() + 1;
    int v1 = round % 2 == 1 ? FLIPPED_V1_WEIGHT : SEED_V1_WEIGHT;
    return new WeightFlip(index, service, layout.serviceNamespace(service), MeshLayout.serviceName(service),
        layout.host(service), v1);
  }

  String subject() {
    return Subjects.of(BenchPolicies.VIRTUAL_SERVICE, namespace, name);
  }
}
