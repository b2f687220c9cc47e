package dev.meshlog.cli.export;

import dev.meshlog.cli.MeshConnection;
import dev.meshlog.schemas.TopicSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog export --topic NAME --format json|avro [--since T]}: one Meshlog topic as JSON
 * lines, for analytics tools that do not speak Avro (json) or that decode it themselves (avro).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Print every committed record of one Meshlog topic as JSON lines, up to its end when the export starts.")
public final class ExportCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ExportCommand.class);

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--topic", required = true, paramLabel = "NAME", description = "A Meshlog topic, e.g. mesh.policy.events.")
  String topic;

  @Option(names = "--format", defaultValue = "json", paramLabel = "json|avro",
      description = "json: the value in Avro's JSON encoding; avro: its single-object bytes, base64 (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--since", paramLabel = "T",
      description = "Start at the first record at or after T: an instant (2026-11-26T14:02:00Z), epoch ms, or a duration ago (10m).")
  String since;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TopicSpec<?, ?> chosen;
    ExportFormat as;
    OptionalLong start;
    try {
      chosen = ExportTopics.resolve(mesh.topics(), topic);
      as = ExportFormat.parse(format);
      start = ExportStart.parse(since, Instant.now());
    } catch (IllegalArgumentException e) {
      err.println("meshlog export: " + e.getMessage());
      err.flush();
      return 2;
    }
    long[] skipped = {0};
    TopicExport.read(mesh.reachableBootstrap(), mesh.kafkaClient(), chosen.name(), start, record -> {
      try {
        out.println(render(chosen, as, record));
      } catch (SerializationException e) {
        skipped[0]++;
        log.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      }
    });
    out.flush();
    if (skipped[0] > 0) {
      err.println("meshlog export: skipped " + skipped[0] + " undecodable record(s); use --format avro to see their bytes");
      err.flush();
    }
    return 0;
  }

  private static String render(TopicSpec<?, ?> topic, ExportFormat as, ConsumerRecord<byte[], byte[]> record) {
    Object key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
    if (as == ExportFormat.AVRO) {
      return ExportLine.raw(record.topic(), record.partition(), record.offset(), record.timestamp(), key, record.value());
    }
    Object value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    return ExportLine.decoded(record.topic(), record.partition(), record.offset(), record.timestamp(), key, value);
  }
}
