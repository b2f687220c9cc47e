package dev.meshlog.ingest.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One document of a multi-document YAML text: its first line (1-based, in the whole text) and its
 * exact original text, which the command carries for audit. Splitting happens on the text rather
 * than in the parser so each document keeps its own bytes, comments included.
 */
record YamlDocument(int firstLine, String text) {

  /**
   * Splits at document markers: a line starting with {@code ---} followed by nothing, spaces or a
   * comment (as kubectl does) is dropped; a {@code ---} followed by content starts the next
   * document and stays in it.
   */
  static List<YamlDocument> split(String text) {
    List<YamlDocument> documents = new ArrayList<>();
    int start = 0;
    int firstLine = 1;
    int line = 1;
    int position = 0;
    while (position < text.length()) {
      int newline = text.indexOf('\n', position);
      int next = newline < 0 ? text.length() : newline + 1;
      String content = text.substring(position, newline < 0 ? text.length() : newline);
      if (isMarker(content)) {
        documents.add(new YamlDocument(firstLine, text.substring(start, position)));
        boolean markerOnly = content.substring(3).strip().isEmpty() || content.substring(3).strip().startsWith("#");
        start = markerOnly ? next : position;
        firstLine = markerOnly ? line + 1 : line;
      }
      position = next;
      line++;
    }
    documents.add(new YamlDocument(firstLine, text.substring(start)));
    return documents;
  }

  /**
   * The text handed to the parser: the document preceded by blank lines, so the parser's line
   * numbers are those of the whole file.
   */
  String parserInput() {
    return "\n".repeat(firstLine - 1) + text;
  }

  private static boolean isMarker(String line) {
    return line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)));
  }
}
