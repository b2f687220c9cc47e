package examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads any Meshlog topic with nothing but the Kafka client and Apache Avro: it loads the schema catalog topic
 * into a map fingerprint -> schema, then decodes every value by the fingerprint in its header into a
 * {@code GenericRecord} and prints one JSON line per record. It has never seen Meshlog's classes; a schema
 * added to Meshlog tomorrow decodes as soon as the engine has published it to the catalog.
 *
 * <pre>
 * java -cp "ops/examples/target/classes:$(cat ops/examples/target/classpath.txt)" examples.PlainConsumer \
 *     --bootstrap 127.0.0.1:9192 --topic mesh.proxy.acks [--catalog-topic mesh.schemas]
 * </pre>
 *
 * Reads from the beginning up to the end offsets taken at start, then exits: 0 when every value decoded, 1 when
 * some did not (each such record still gets its line, with an {@code error}), 2 on bad arguments.
 */
public final class PlainConsumer {

  static final String DEFAULT_CATALOG_TOPIC = "mesh.schemas";

  private PlainConsumer() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The whole program, with its streams passed in so a test can run it in-process. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("plain-consumer: " + e.getMessage());
      err.println("usage: PlainConsumer --bootstrap HOST:PORT --topic NAME [--catalog-topic " + DEFAULT_CATALOG_TOPIC + "]");
      return 2;
    }
    String bootstrap = options.get("--bootstrap");
    String catalogTopic = options.getOrDefault("--catalog-topic", DEFAULT_CATALOG_TOPIC);
    SchemaCatalog catalog = SchemaCatalog.load(bootstrap, catalogTopic, err);
    SingleObjectDecoder decoder = new SingleObjectDecoder(catalog);
    Map<String, Integer> unknown = new TreeMap<>();
    int[] malformed = {0};
    TopicReader.readToEnd(bootstrap, options.get("--topic"), record -> {
      SingleObjectDecoder.Decoded decoded = decoder.decode(record.value());
      if (decoded instanceof SingleObjectDecoder.Decoded.UnknownFingerprint u) {
        unknown.merge(SchemaCatalog.hex(u.fingerprint()), 1, Integer::sum);
      } else if (decoded instanceof SingleObjectDecoder.Decoded.Malformed) {
        malformed[0]++;
      }
      out.println(JsonLine.of(record, decoded, catalogTopic));
    });
    out.flush();
    unknown.forEach((hex, count) -> err.println("plain-consumer: " + count + " record(s) with unknown schema fingerprint " + hex
        + ": not among the " + catalog.size() + " schemas of " + catalogTopic));
    if (malformed[0] > 0) {
      err.println("plain-consumer: " + malformed[0] + " record(s) not decodable (see their \"error\")");
    }
    return unknown.isEmpty() && malformed[0] == 0 ? 0 : 1;
  }

  private static Map<String, String> parse(String[] args) {
    List<String> known = List.of("--bootstrap", "--topic", "--catalog-topic");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      options.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--bootstrap", "--topic")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    return options;
  }
}
