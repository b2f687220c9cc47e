package examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable examples of a Markdown page: fenced blocks whose info string is {@code sh <kind>-example:<id>},
 * taken verbatim, then pointed at a test's broker and topics by swapping the documented address and every
 * documented topic name (whole names only) for the test's own.
 */
final class DocExamples {

  static final String DOCUMENTED_BOOTSTRAP = "127.0.0.1:9192";
  private static final Pattern BLOCK = Pattern.compile("^```sh ([a-z]+-example):([a-z0-9-]+)\\n(.*?)^```$",
      Pattern.DOTALL | Pattern.MULTILINE);

  record Example(String kind, String id, String script) {}

  private DocExamples() {}

  /** Every example of the page by id, in page order. */
  static Map<String, Example> read(Path page) throws IOException {
    Map<String, Example> examples = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(Files.readString(page));
    while (m.find()) {
      if (examples.put(m.group(2), new Example(m.group(1), m.group(2), m.group(3))) != null) {
        throw new IllegalStateException(page + ": two examples named " + m.group(2));
      }
    }
    return examples;
  }

  /** The script aimed at another broker, with each documented topic name mapped by {@code topics}. */
  static String retarget(String script, String bootstrap, Map<String, String> topics) {
    String result = script.replace(DOCUMENTED_BOOTSTRAP, bootstrap);
    List<String> longestFirst = topics.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String name : longestFirst) {
      result = result.replaceAll("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w-]|\\.\\w)", Matcher.quoteReplacement(topics.get(name)));
    }
    return result;
  }
}
