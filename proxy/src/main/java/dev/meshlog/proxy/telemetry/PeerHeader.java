package dev.meshlog.proxy.telemetry;

import io.netty.util.AsciiString;
import java.util.Optional;

/**
 * The {@code x-meshlog-peer} header, Meshlog's counterpart of Istio's {@code x-envoy-peer-metadata}:
 * {@code v1;WORKLOAD;NAMESPACE;APP;VERSION}. Plain text rather than Istio's base64 protobuf Struct,
 * since Kubernetes names and label values need no escaping: each field is 1 to 253 characters of
 * {@code [A-Za-z0-9._-]}, the whole value at most {@value #MAX_LENGTH} characters. Anything else
 * (another version, a field too many or too few, an empty field, another character, a longer
 * value) is rejected whole, so a hostile peer can neither smuggle separators nor bloat telemetry.
 */
public final class PeerHeader {

  public static final AsciiString NAME = AsciiString.cached("x-meshlog-peer");
  public static final int MAX_LENGTH = 512;
  static final int MAX_FIELD = 253;
  private static final String VERSION = "v1";
  private static final int FIELDS = 4;

  private PeerHeader() {}

  /** This workload's value; empty when a label cannot be written in the format (it is then not sent). */
  public static Optional<String> encode(ReportingWorkload self) {
    String[] fields = {self.proxyId(), self.namespace(), self.app(), self.version()};
    StringBuilder value = new StringBuilder(VERSION);
    for (String field : fields) {
      if (!validField(field, 0, field.length())) {
        return Optional.empty();
      }
      value.append(';').append(field);
    }
    return value.length() <= MAX_LENGTH ? Optional.of(value.toString()) : Optional.empty();
  }

  /** The labels in {@code value}; empty when it is not a well-formed, bounded v1 value. */
  public static Optional<PeerMetadata> decode(CharSequence value) {
    if (value == null || value.length() > MAX_LENGTH || value.length() < VERSION.length() + 1
        || !VERSION.contentEquals(value.subSequence(0, VERSION.length())) || value.charAt(VERSION.length()) != ';') {
      return Optional.empty();
    }
    String text = value.toString();
    String[] fields = new String[FIELDS];
    int start = VERSION.length() + 1;
    for (int i = 0; i < FIELDS; i++) {
      int end = text.indexOf(';', start);
      if (end < 0) {
        end = text.length();
      }
      if ((i < FIELDS - 1) == (end == text.length()) || !validField(text, start, end)) {
        return Optional.empty(); // too few fields, too many, or a bad one
      }
      fields[i] = text.substring(start, end);
      start = end + 1;
    }
    return Optional.of(new PeerMetadata(fields[0], fields[1], fields[2], fields[3]));
  }

  private static boolean validField(String text, int start, int end) {
    if (end <= start || end - start > MAX_FIELD) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
