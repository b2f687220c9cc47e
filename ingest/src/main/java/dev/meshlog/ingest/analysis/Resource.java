package dev.meshlog.ingest.analysis;

import dev.meshlog.schemas.Subjects;

/**
 * A policy resource as the checks see it: its identity, its spec and where it came from.
 *
 * @param candidate whether it is one of the resources being analysed (findings are reported only for those)
 */
record Resource<S>(String file, String kind, String namespace, String name, S spec, boolean candidate) {

  String subject() {
    return Subjects.of(kind, namespace, name);
  }

  Finding finding(Message message, String path, String text) {
    return new Finding(message.severity(), message.id(), subject(), file, path, text);
  }
}
