package dev.meshlog.kafka.local.secure;

import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of a secure Meshlog, per role, for one {@link Topics} set. With the broker denying
 * whatever no ACL allows, these are everything each job can do:
 * <ul>
 *   <li>only the engine writes policy events, status, snapshots, proxy status, rollout and the CA topics;
 *   <li>only ingest and the CLI write policy commands (and cluster events);
 *   <li>a proxy writes acks, certificate requests and telemetry and reads snapshots, certificates and the
 *       trust bundle: it cannot read certificate requests (they carry bootstrap tokens) nor write anything the
 *       engine derives state from except its acks and CSRs;
 *   <li>the pipeline reads telemetry and writes metrics.
 * </ul>
 * Kafka authorizes per topic, not per record key: see docs/security.md for what limits a proxy writing
 * an ack or CSR keyed with another proxy's id.
 *
 * <p>READ and WRITE imply DESCRIBE in Kafka, so DESCRIBE is never granted separately. Consumers that
 * {@code assign()} partitions (the proxy, the CLI) need no group ACL. An idempotent producer needs no
 * IDEMPOTENT_WRITE since KIP-679: WRITE on a topic is enough.
 */
public final class MeshAcls {

  private final Topics topics;
  private final MeshPrincipals principals;

  public MeshAcls(Topics topics, MeshPrincipals principals) {
    this.topics = topics;
    this.principals = principals;
  }

  /** ACLs for the default principals and application ids on {@code topics}. */
  public static MeshAcls of(Topics topics) {
    return new MeshAcls(topics, MeshPrincipals.defaults());
  }

  public MeshPrincipals principals() {
    return principals;
  }

  /** Engine: reads its inputs and everything it writes (its apps chain through those topics), and owns its Streams resources. */
  public List<AclBinding> engine() {
    String user = principals.engine();
    List<TopicSpec<?, ?>> writes = List.of(topics.policyEvents(), topics.policyStatus(), topics.proxySnapshots(),
        topics.proxyStatus(), topics.policyRollout(), topics.caCertificates(), topics.caAudit(), topics.caBundle(),
        topics.policyCheckpoints(), topics.policyHistory(), topics.schemaCatalog(), topics.deadLetter());
    List<TopicSpec<?, ?>> reads = List.of(topics.policyCommands(), topics.clusterEvents(), topics.proxyAcks(),
        topics.caRequests(), topics.caBundle(), topics.policyEvents(), topics.policyStatus(), topics.proxySnapshots(),
        topics.proxyStatus(), topics.policyRollout(), topics.caCertificates(), topics.policyCheckpoints(),
        // the engine reads the schema catalog before completing it (SchemaCatalogPublisher writes only what is missing)
        topics.schemaCatalog());
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(topicAcls(user, AclOperation.READ, reads));
    acls.addAll(topicAcls(user, AclOperation.WRITE, writes));
    acls.addAll(streamsResources(user, principals.engineApplicationIdPrefix() + "-"));
    return acls;
  }

  /** Ingest: publishes policy commands (transactionally) and cluster events; reads nothing. */
  public List<AclBinding> ingest() {
    return publisher(principals.ingest());
  }

  /** CLI: publishes like ingest, and reads what its read commands show (policies, status, rollout, proxies, inventory, top). */
  public List<AclBinding> cli() {
    String user = principals.cli();
    List<AclBinding> acls = new ArrayList<>(publisher(user));
    acls.addAll(topicAcls(user, AclOperation.READ, List.of(topics.policyEvents(), topics.policyStatus(),
        topics.policyRollout(), topics.proxyStatus(), topics.proxySnapshots(), topics.clusterEvents(),
        topics.telemetryMetrics(), topics.telemetryTcpMetrics(), topics.telemetryRequests(), topics.policyCheckpoints(), topics.policyHistory(),
        topics.caBundle(), topics.schemaCatalog())));
    return acls;
  }

  /** Proxy {@code proxyId} (principal {@code User:<proxyPrefix><proxyId>}): its acks, CSRs and telemetry out; its config in. */
  public List<AclBinding> proxy(String proxyId) {
    String user = principals.proxy(proxyId);
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(topicAcls(user, AclOperation.WRITE, List.of(topics.proxyAcks(), topics.caRequests(), topics.telemetryRequests(),
        topics.telemetryConnections())));
    acls.addAll(topicAcls(user, AclOperation.READ, List.of(topics.proxySnapshots(), topics.caCertificates(), topics.caBundle())));
    return acls;
  }

  /**
   * Opt-in, not part of {@link #all}: lets proxy {@code proxyId} announce its own workload on the
   * cluster events topic, as the sidecar's {@code WorkloadRegistrar} does today. It lets that proxy
   * register any workload under any name, so a secure mesh should register workloads from ingest
   * (Kubernetes informers, the registry file) or the CLI instead (docs/security.md).
   */
  public List<AclBinding> proxySelfRegistration(String proxyId) {
    return topicAcls(principals.proxy(proxyId), AclOperation.WRITE, List.of(topics.clusterEvents()));
  }

  /** Telemetry pipeline: telemetry in, metrics (and undecodable records) out, its Streams resources. */
  public List<AclBinding> pipeline() {
    String user = principals.pipeline();
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(topicAcls(user, AclOperation.READ, List.of(topics.telemetryRequests(), topics.telemetryMetrics(),
        topics.telemetryConnections(), topics.telemetryTcpMetrics())));
    acls.addAll(topicAcls(user, AclOperation.WRITE, List.of(topics.telemetryMetrics(), topics.telemetryTcpMetrics(), topics.deadLetter())));
    acls.addAll(streamsResources(user, principals.pipelineApplicationId()));
    return acls;
  }

  /** Every job's ACLs, with one proxy principal per id. */
  public List<AclBinding> all(Collection<String> proxyIds) {
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(engine());
    acls.addAll(ingest());
    acls.addAll(cli());
    acls.addAll(pipeline());
    proxyIds.forEach(id -> acls.addAll(proxy(id)));
    return acls;
  }

  private List<AclBinding> publisher(String user) {
    List<AclBinding> acls = new ArrayList<>(
        topicAcls(user, AclOperation.WRITE, List.of(topics.policyCommands(), topics.clusterEvents())));
    acls.add(allow(user, AclOperation.WRITE,
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, principals.publisherTransactionalIdPrefix(), PatternType.PREFIXED)));
    return acls;
  }

  /**
   * A Streams app's own resources, all named after its application id: internal (changelog and
   * repartition) topics it creates, reads, writes and purges; its consumer group; its exactly-once
   * transactional ids ({@code <application.id>-<process uuid>-<thread>}).
   */
  private static List<AclBinding> streamsResources(String user, String prefix) {
    return List.of(
        allow(user, AclOperation.ALL, new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED)),
        allow(user, AclOperation.READ, new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED)),
        allow(user, AclOperation.WRITE, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED)));
  }

  private static List<AclBinding> topicAcls(String user, AclOperation operation, List<TopicSpec<?, ?>> specs) {
    return specs.stream()
        .map(spec -> allow(user, operation, new ResourcePattern(ResourceType.TOPIC, spec.name(), PatternType.LITERAL)))
        .toList();
  }

  private static AclBinding allow(String user, AclOperation operation, ResourcePattern resource) {
    return new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }
}
