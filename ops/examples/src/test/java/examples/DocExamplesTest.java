package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocExamplesTest {

  @Test
  void shouldTakeMarkedBlocksVerbatimAndSkipOthers(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("page.md");
    Files.writeString(page, "text\n```sh\nnot an example\n```\n```sh kcat-example:one\nkcat -t mesh.a \\\n  -f '%k\\n'\n```\n"
        + "```sh java-example:two\njava x\n```\n");
    Map<String, DocExamples.Example> examples = DocExamples.read(page);
    assertEquals(java.util.List.of("one", "two"), java.util.List.copyOf(examples.keySet()));
    assertEquals("kcat -t mesh.a \\\n  -f '%k\\n'\n", examples.get("one").script());
    assertEquals("java-example", examples.get("two").kind());
  }

  @Test
  void shouldRetargetTheBrokerAndWholeTopicNamesOnly() throws Exception {
    String script = "kcat -b 127.0.0.1:9192 -t mesh.proxy.acks; kcat -t mesh.proxy.acks-old -t mesh.proxy.ackstatus; echo mesh.proxy";
    String retargeted = DocExamples.retarget(script, "127.0.0.1:4242",
        Map.of("mesh.proxy.acks", "it-1.mesh.proxy.acks", "mesh.proxy", "it-1.mesh.proxy"));
    assertEquals("kcat -b 127.0.0.1:4242 -t it-1.mesh.proxy.acks; kcat -t mesh.proxy.acks-old -t mesh.proxy.ackstatus; echo it-1.mesh.proxy",
        retargeted);
    assertTrue(DocExamples.read(Path.of("../../docs/topics.md")).size() >= 5, "docs/topics.md has its examples");
  }
}
