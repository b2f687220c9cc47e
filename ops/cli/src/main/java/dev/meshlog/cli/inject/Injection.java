package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** What the injector did with one pod template: injected it, or left it alone and why. */
public sealed interface Injection permits Injection.Injected, Injection.Skipped {

  /** The pod template to write: the injected one, or the input unchanged when skipped. */
  PodTemplateSpec template();

  record Injected(PodTemplateSpec template) implements Injection {}

  record Skipped(PodTemplateSpec template, String reason) implements Injection {}
}
