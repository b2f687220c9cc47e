package dev.meshlog.proxy.identity;

import java.net.URI;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a published chain answers this proxy's pending request. The certificates topic is
 * compacted and keyed by proxy id, so it holds the last chain for an older key of ours (a previous
 * process, or the certificate being renewed) and every other proxy's: only a chain whose leaf
 * carries the key we hold and the identity we asked for may be installed with that key.
 */
public final class AnswerCheck {

  /** The outcome; an ignored answer says why, for the log. */
  public sealed interface Verdict permits Accepted, Ignored {}

  public record Accepted(IssuedCertificate certificate) implements Verdict {}

  public record Ignored(String reason) implements Verdict {}

  private AnswerCheck() {}

  public static Verdict check(IssuedCertificate answer, String proxyId, PublicKey pendingKey, URI identity,
      Instant now) {
    if (!proxyId.equals(answer.proxyId())) {
      return new Ignored("issued to proxy " + answer.proxyId());
    }
    if (!sameKey(answer.leaf().getPublicKey(), pendingKey)) {
      return new Ignored("leaf " + answer.serial() + " certifies another key (an earlier request's)");
    }
    List<URI> sans = answer.uriSans();
    if (!sans.equals(List.of(identity))) {
      return new Ignored("leaf " + answer.serial() + " names " + sans + ", asked for " + identity);
    }
    if (!now.isBefore(answer.notAfter())) {
      return new Ignored("leaf " + answer.serial() + " expired at " + answer.notAfter());
    }
    return new Accepted(answer);
  }

  /** Keys compared by their encoding: the leaf's key comes from another provider than ours. */
  static boolean sameKey(PublicKey a, PublicKey b) {
    return a.getAlgorithm().equals(b.getAlgorithm()) && Arrays.equals(a.getEncoded(), b.getEncoded());
  }
}
