package dev.meshlog.ingest.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.ingest.yaml.BoundedYaml;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads Istio YAML (one or more documents) into policy upsert or delete commands, all or nothing: a file with
 * any error is refused with every error of every document, so a user fixes a file in one pass.
 */
public final class PolicyDocuments {

  /** One document's text; Kafka's default record limit is 1 MB and a command carries the text and the spec. */
  public static final int MAX_DOCUMENT_CHARS = 256 * 1024;
  /** Documents in one file: each is parsed on its own, so a file of a million '---' lines would be a million parses. */
  public static final int MAX_DOCUMENTS = 1000;

  private PolicyDocuments() {}

  public static ParseResult parse(String file, String yamlText, Attribution attribution) {
    return parse(file, yamlText, attribution, Clock.systemUTC());
  }

  /** {@code file} names the origin in errors; {@code clock} stamps the envelopes. */
  public static ParseResult parse(String file, String yamlText, Attribution attribution, Clock clock) {
    return read(file, yamlText, true, (resource, document) -> PolicyCommands.upsert(resource, document.text(), attribution, clock));
  }

  /**
   * Reads the same files as {@link #parse} into DELETE commands ({@code meshlog delete -f}): only
   * each document's kind and metadata are read and checked, its spec is ignored, so a file that no
   * longer validates can still be deleted.
   */
  public static ParseResult parseDeletes(String file, String yamlText, Attribution attribution, Clock clock) {
    return read(file, yamlText, false,
        (resource, document) -> PolicyCommands.delete(resource.kind(), resource.namespace(), resource.name(), attribution, clock));
  }

  public static ParseResult parseDeletes(String file, String yamlText, Attribution attribution) {
    return parseDeletes(file, yamlText, attribution, Clock.systemUTC());
  }

  /** {@link #parseDeletes(String, String, Attribution, Clock)} of a UTF-8 file; errors name it as given. */
  public static ParseResult parseDeletesFile(Path path, Attribution attribution, Clock clock) {
    return readFile(path, text -> parseDeletes(path.toString(), text, attribution, clock));
  }

  public static ParseResult parseDeletesFile(Path path, Attribution attribution) {
    return parseDeletesFile(path, attribution, Clock.systemUTC());
  }

  private static ParseResult read(String file, String yamlText, boolean upsert,
      BiFunction<PolicyResource, YamlDocument, PolicyCommand> command) {
    String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;
    List<PolicyCommand> commands = new ArrayList<>();
    List<ValidationError> errors = new ArrayList<>();
    Map<String, Integer> firstLineBySubject = new HashMap<>();
    List<YamlDocument> documents = YamlDocument.split(text);
    if (documents.size() > MAX_DOCUMENTS) {
      return new ParseResult.Refused(List.of(new ValidationError(file, "", "has " + documents.size() + " YAML documents; at most "
          + MAX_DOCUMENTS + " are read from one file")));
    }
    for (YamlDocument document : documents) {
      Problems problems = new Problems(file);
      Optional<PolicyResource> resource = readTree(document, problems)
          .flatMap(tree -> upsert ? ResourceReader.read(tree, problems) : ResourceReader.readIdentity(tree, problems));
      if (resource.isEmpty()) {
        errors.addAll(problems.list()); // an empty document adds nothing
        continue;
      }
      if (upsert) {
        PolicyRules.checkUpsert(resource.get(), problems);
      } else {
        PolicyRules.checkDelete(resource.get(), problems);
      }
      Integer earlier = firstLineBySubject.putIfAbsent(resource.get().subject(), document.firstLine());
      if (earlier != null) {
        problems.add("metadata.name", resource.get().subject() + " is already defined by the document at line " + earlier);
      }
      if (problems.isEmpty()) {
        commands.add(command.apply(resource.get(), document));
      } else {
        errors.addAll(problems.list());
      }
    }
    if (!errors.isEmpty()) {
      return new ParseResult.Refused(errors);
    }
    if (commands.isEmpty()) {
      return new ParseResult.Refused(List.of(new ValidationError(file, "", "contains no policy documents")));
    }
    return new ParseResult.Parsed(commands);
  }

  public static ParseResult parseFile(Path path, Attribution attribution) {
    return parseFile(path, attribution, Clock.systemUTC());
  }

  /** Reads {@code path} as UTF-8; errors name it as given. */
  public static ParseResult parseFile(Path path, Attribution attribution, Clock clock) {
    return readFile(path, text -> parse(path.toString(), text, attribution, clock));
  }

  /** Parses the UTF-8 text of {@code path} with {@code parse}, or refuses an unreadable file naming it as given. */
  private static ParseResult readFile(Path path, Function<String, ParseResult> parse) {
    String text;
    try {
      long size = Files.size(path);
      if (size > BoundedYaml.MAX_FILE_BYTES) {
        return new ParseResult.Refused(List.of(new ValidationError(path.toString(), "",
            "is " + size + " bytes; at most " + BoundedYaml.MAX_FILE_BYTES + " are read")));
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new ParseResult.Refused(List.of(new ValidationError(path.toString(), "", "cannot read the file: " + describe(e))));
    }
    return parse.apply(text);
  }

  /** The document's single tree; empty for an empty document, or after reporting malformed YAML. */
  private static Optional<JsonNode> readTree(YamlDocument document, Problems problems) {
    if (document.text().length() > MAX_DOCUMENT_CHARS) {
      problems.add("", "the document starting at line " + document.firstLine() + " is " + document.text().length()
          + " characters long; at most " + MAX_DOCUMENT_CHARS + " are allowed");
      return Optional.empty();
    }
    try {
      List<JsonNode> found = BoundedYaml.readAll(document.parserInput());
      if (found.size() > 1) {
        problems.add("", "several YAML documents starting at line " + document.firstLine()
            + " are not separated by a '---' line; put each document after its own '---' line");
        return Optional.empty();
      }
      return found.stream().findFirst();
    } catch (JacksonException e) {
      problems.add("", "malformed YAML" + where(e, document) + ": " + problem(e));
      return Optional.empty();
    }
  }

  /** SnakeYAML's problem mark when there is one: Jackson's location may be where it stopped reading instead. */
  private static String where(JacksonException e, YamlDocument document) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      return " at line " + (yaml.getProblemMark().getLine() + 1) + ", column " + (yaml.getProblemMark().getColumn() + 1);
    }
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return " in the document starting at line " + document.firstLine();
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * The parser's own words without the source excerpt its message embeds: SnakeYAML's problem
   * ("expected <block end>, but found ...") and the construct it was reading when it failed.
   */
  private static String problem(JacksonException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      Mark start = yaml.getContextMark();
      String context = yaml.getContext() == null ? ""
          : " (" + yaml.getContext() + (start == null ? "" : " started at line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1)) + ")";
      return yaml.getProblem() + context;
    }
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    return message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(message);
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
