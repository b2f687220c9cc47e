package dev.meshlog.ingest.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one YAML reader of ingest (policy files, Istio objects, the registry file), with limits so a hostile
 * document is refused with a parse error instead of exhausting memory, the stack or time. Each limit is
 * set where it is enforced: SnakeYAML's {@link LoaderOptions} guard its scanner (code points, nesting), Jackson's
 * {@link StreamReadConstraints} guard the token stream (nesting, string, number and key lengths).
 *
 * <p>Aliases ({@code *name}) are refused: Jackson's YAML parser does not expand them but hands the anchor's
 * name over as a string, which would silently turn {@code route: *r} into the text "r" (and SnakeYAML's alias
 * limit only guards its own composer, which Jackson does not use). Refusing them also rules out alias bombs.
 */
public final class BoundedYaml {

  /** Mappings and lists inside mappings and lists; Istio documents nest about a dozen levels. */
  public static final int MAX_NESTING_DEPTH = 64;
  /** Code points of one document (SnakeYAML's default, stated). */
  public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
  /** Bytes of one file given to {@code meshlog apply}, checked before it is read. */
  public static final long MAX_FILE_BYTES = 3L * 1024 * 1024;
  /** One scalar; the validator narrows each field further. */
  public static final int MAX_STRING_LENGTH = 256 * 1024;
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final int MAX_KEY_LENGTH = 1024;
  /** Kept small although Jackson never composes aliases: any SnakeYAML composer on this factory's options is bounded too. */
  public static final int MAX_ALIASES = 50;

  private static final ObjectMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
          .loaderOptions(loaderOptions())
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING_DEPTH)
              .maxStringLength(MAX_STRING_LENGTH)
              .maxNumberLength(MAX_NUMBER_LENGTH)
              .maxNameLength(MAX_KEY_LENGTH)
              .build())
          .build())
      // Duplicate keys would otherwise silently keep the last value.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private BoundedYaml() {}

  /** The shared mapper: for writing, and for reading through {@link #readAll} only (it refuses aliases). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Every non-empty document of {@code text}, in order (null and empty documents left out).
   *
   * @throws JacksonException for malformed YAML, a limit exceeded or an alias, located in the text
   */
  public static List<JsonNode> readAll(String text) throws JacksonException {
    refuseAliases(text);
    // readValues(JsonParser), not readValues(String): the latter would iterate a top-level list.
    try (JsonParser parser = MAPPER.createParser(text);
         MappingIterator<JsonNode> trees = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
      List<JsonNode> found = new ArrayList<>();
      while (trees.hasNextValue()) {
        JsonNode tree = trees.nextValue();
        if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
          found.add(tree);
        }
      }
      return found;
    } catch (JacksonException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading YAML from memory failed", e); // no I/O happens on a String
    }
  }

  private static void refuseAliases(String text) throws JacksonException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      // A stream of several documents reads as consecutive root values: null comes only at the end.
      while (parser.nextToken() != null) {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          throw new JsonParseException(parser, "YAML aliases are not supported (*" + parser.getText()
              + "): write the value out in full");
        }
      }
    } catch (JacksonException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading YAML from memory failed", e);
    }
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowDuplicateKeys(false);
    return options;
  }
}
