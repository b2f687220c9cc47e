package dev.meshlog.engine.status;

import dev.meshlog.engine.status.ProxyState.Answer;
import dev.meshlog.engine.status.ProxyState.PendingCause;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds what was sent to each proxy and what it answered into its sync status, and into the rollout
 * of every change its snapshots carried. Emits a proxy's status on every change of it and a subject's
 * rollout whenever it moves.
 *
 * <p>Inputs of one proxy may arrive out of log order (they come through three topics): an answer
 * for a version not seen sent yet is kept, and a later snapshot it covers counts as answered at once.
 * Output times are the input record's time, never the clock, so a replay writes the same records.
 */
final class StatusProcessor implements Processor<String, ProxyInput, String, StatusChange> {

  private static final Logger log = LoggerFactory.getLogger(StatusProcessor.class);

  private ProcessorContext<String, StatusChange> context;
  private KeyValueStore<String, ProxyState> proxies;
  private KeyValueStore<String, Rollout> rollouts;

  @Override
  public void init(ProcessorContext<String, StatusChange> context) {
    this.context = context;
    proxies = context.getStateStore(StatusTopology.PROXIES_STORE);
    rollouts = context.getStateStore(StatusTopology.ROLLOUTS_STORE);
  }

  @Override
  public void process(Record<String, ProxyInput> record) {
    String proxyId = record.key();
    if (proxyId == null || record.value() == null) {
      log.warn("skipping a status input without proxy id or value at {}", position());
      return;
    }
    long time = record.timestamp();
    ProxyState proxy = proxies.get(proxyId);
    ProxyInput input = record.value();
    if (input instanceof ProxyInput.Sent sent) {
      onSent(orKnown(proxy, proxyId), sent, time);
    } else if (input instanceof ProxyInput.Answered answered) {
      onAnswer(orKnown(proxy, proxyId), answered, time);
    } else if (input instanceof ProxyInput.Registered) {
      if (proxy == null) {
        save(ProxyState.known(proxyId), time);
      }
    } else {
      remove(proxy, time); // Withdrawn or Deregistered
    }
  }

  private void onSent(ProxyState proxy, ProxyInput.Sent sent, long time) {
    if (proxy.sentNewerThan(sent.version()) || proxy.isSent(sent.version(), sent.hash())) {
      log.debug("[proxy={}] ignoring version {}: {} was sent already", proxy.proxyId(), sent.version(), proxy.sent().version());
      return;
    }
    List<PendingCause> pending = new ArrayList<>(proxy.pending());
    for (Cause cause : sent.causes()) {
      Rollout current = rollouts.get(cause.subject());
      if (current != null && current.cause().after(cause)) {
        continue; // a newer change of this subject is already rolling out
      }
      Rollout rollout = current != null && current.cause().samePlace(cause) ? current : Rollout.of(cause);
      String id = proxy.proxyId();
      if (rollout.appliedBy(id)) {
        continue; // named again (e.g. after a re-registration), but this proxy already applied it
      }
      pending.removeIf(p -> p.cause().subject().equals(cause.subject()));
      if (proxy.ackedAtLeast(sent.version())) {
        rollout = rollout.applied(id, sent.version(), proxy.acked().timeMs() - cause.eventTimeMs());
      } else if (proxy.nackedAtLeast(sent.version())) {
        rollout = rollout.nacked(id, sent.version(), proxy.nacked().version(), proxy.nacked().error());
        pending.add(new PendingCause(cause, sent.version()));
      } else {
        rollout = rollout.sent(id, sent.version());
        pending.add(new PendingCause(cause, sent.version()));
      }
      saveRollout(rollout, time);
    }
    save(proxy.withSent(new ProxyState.Sent(sent.version(), sent.hash(), time), pending), time);
  }

  /**
   * Moves only the rollouts of the causes pending for this proxy: an ACK of version v applies every
   * cause first carried at or before v; a NACK marks them refused but leaves them pending, because the
   * proxy keeps its last good config and may ACK a later version that carries them.
   */
  private void onAnswer(ProxyState proxy, ProxyInput.Answered answered, long time) {
    Answer answer = answered.answer();
    List<PendingCause> stillPending = new ArrayList<>();
    for (PendingCause pending : proxy.pending()) {
      Rollout rollout = rollouts.get(pending.cause().subject());
      if (rollout == null || !rollout.cause().samePlace(pending.cause()) || !rollout.tracks(proxy.proxyId())) {
        continue; // superseded by a newer change of the subject: nothing left to report
      }
      if (pending.version() > answer.version()) {
        stillPending.add(pending);
      } else if (answered.ack()) {
        saveRollout(rollout.applied(proxy.proxyId(), pending.version(), answer.timeMs() - pending.cause().eventTimeMs()), time);
      } else {
        saveRollout(rollout.nacked(proxy.proxyId(), pending.version(), answer.version(), answer.error()), time);
        stillPending.add(pending);
      }
    }
    if (answered.ack()) {
      save(proxy.withAck(answer, stillPending), time);
    } else {
      log.info("[proxy={}] NACKed version {}: {}", proxy.proxyId(), answer.version(), answer.error());
      save(proxy.withNack(answer, stillPending), time);
    }
  }

  /** The proxy is gone: it leaves the rollouts it had not applied, and its status is tombstoned. */
  private void remove(ProxyState proxy, long time) {
    if (proxy == null) {
      return; // already removed (REMOVED and the snapshot tombstone both say so)
    }
    for (PendingCause pending : proxy.pending()) {
      Rollout rollout = rollouts.get(pending.cause().subject());
      if (rollout != null && rollout.cause().samePlace(pending.cause()) && rollout.tracks(proxy.proxyId())) {
        saveRollout(rollout.without(proxy.proxyId()), time);
      }
    }
    proxies.delete(proxy.proxyId());
    context.forward(new Record<>(proxy.proxyId(), new StatusChange.ProxyRemoved(), time));
    log.debug("[proxy={}] removed", proxy.proxyId());
  }

  private void save(ProxyState proxy, long time) {
    proxies.put(proxy.proxyId(), proxy);
    context.forward(new Record<>(proxy.proxyId(), new StatusChange.ProxyChanged(StatusWire.toAvro(proxy, time)), time));
  }

  private void saveRollout(Rollout rollout, long time) {
    rollouts.put(rollout.cause().subject(), rollout);
    context.forward(new Record<>(rollout.cause().subject(), new StatusChange.RolloutChanged(StatusWire.toAvro(rollout, time)), time));
  }

  private static ProxyState orKnown(ProxyState proxy, String proxyId) {
    return proxy == null ? ProxyState.known(proxyId) : proxy;
  }

  private String position() {
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }
}
