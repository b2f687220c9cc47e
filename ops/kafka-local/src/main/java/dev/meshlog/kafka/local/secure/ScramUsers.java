package dev.meshlog.kafka.local.secure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Creates or replaces SCRAM-SHA-512 credentials through the Admin API ({@code AlterUserScramCredentials}),
 * the KRaft way: the salted password goes into the cluster metadata, the clear one never leaves this
 * client. The caller's admin must be a super user (or hold ALTER on the cluster).
 */
public final class ScramUsers {

  /** Kafka's floor for SCRAM-SHA-512 is 4096; 8192 is what its own docs use. */
  public static final int ITERATIONS = 8192;

  private ScramUsers() {}

  /** Upserts every user, then waits until the broker reports all of them (so a login right after succeeds). */
  public static void upsert(Admin admin, Collection<ScramUser> users, Duration timeout) {
    List<UserScramCredentialAlteration> alterations = users.stream()
        .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u.name(),
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), u.password()))
        .toList();
    Set<String> names = users.stream().map(ScramUser::name).collect(Collectors.toSet());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      admin.alterUserScramCredentials(alterations).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      // The controller has committed them; the broker that authenticates logins applies metadata a moment later.
      while (!admin.describeUserScramCredentials().users().get(timeout.toMillis(), TimeUnit.MILLISECONDS).containsAll(names)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("SCRAM users " + names + " not visible on the broker after " + timeout);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating SCRAM users " + names, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create SCRAM users " + names + ": " + e.getMessage(), e);
    }
  }
}
