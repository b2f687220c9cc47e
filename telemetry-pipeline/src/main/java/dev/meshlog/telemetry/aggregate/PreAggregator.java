package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestTelemetry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Folds each request into the input task's {@link PartialBuffer} (per edge and, on a named route,
 * per route; one partial per window size) instead of sending it through the shuffle. The partials
 * are forwarded to the repartition topic when the task commits ({@link PartialBufferStore}), or
 * earlier when the buffer holds {@code maxPartials}, so the shuffle carries one record per label
 * set, window and commit instead of one or two per request.
 */
final class PreAggregator implements Processor<String, RequestTelemetry, String, Partial> {

  private final String storeName;
  private final int maxPartials;
  private final StringBuilder scratch = new StringBuilder(320);
  private ProcessorContext<String, Partial> context;
  private PartialBuffer buffer;
  private ProcessorRecordContext lastRecordContext;

  PreAggregator(String storeName, int maxPartials) {
    this.storeName = storeName;
    this.maxPartials = maxPartials;
  }

  @Override
  public void init(ProcessorContext<String, Partial> context) {
    this.context = context;
    PartialBufferStore store = context.getStateStore(storeName);
    this.buffer = store.buffer();
    // At commit time no record is being processed: the forward needs this node as the current one
    // (what Streams' own cache flush listeners capture at init) and some record context.
    var internal = (InternalProcessorContext<String, Partial>) context;
    ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
    store.onFlush(() -> {
      ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
      ProcessorRecordContext previousRecord = internal.recordContext();
      internal.setCurrentNode(node);
      internal.setRecordContext(lastRecordContext);
      try {
        forwardAll();
      } finally {
        internal.setCurrentNode(previousNode);
        internal.setRecordContext(previousRecord);
      }
    });
  }

  @Override
  public void process(Record<String, RequestTelemetry> record) {
    RequestTelemetry t = record.value();
    if (t == null) {
      return;
    }
    lastRecordContext = ((InternalProcessorContext<?, ?>) context).recordContext();
    Sample sample = Sample.of(t);
    long time = record.timestamp();
    String edge = RequestLabels.keyOf(t, "", scratch);
    buffer.add(edge, time, sample);
    if (!t.getRouteName().isEmpty()) {
      // the route name is the last field: the edge key (ending in its empty route) plus the route
      buffer.add(RequestLabels.withRoute(edge, t.getRouteName()), time, sample);
    }
    if (buffer.partials() >= maxPartials) {
      forwardAll();
    }
  }

  private void forwardAll() {
    for (PartialBuffer.Drained d : buffer.drain()) {
      context.forward(new Record<>(d.labels(), d.partial(), d.maxTime()));
    }
  }
}
