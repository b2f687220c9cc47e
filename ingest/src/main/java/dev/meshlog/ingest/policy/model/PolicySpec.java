package dev.meshlog.ingest.policy.model;

/** The typed body of a policy resource: one variant per kind Meshlog supports. */
public sealed interface PolicySpec permits VirtualService, DestinationRule {

  /** The resource kind this spec belongs to, e.g. {@code VirtualService}. */
  String kind();
}
