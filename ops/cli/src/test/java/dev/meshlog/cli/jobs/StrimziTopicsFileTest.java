package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.schemas.Topics;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed KafkaTopic file is what the generator makes from the topic registry today. */
class StrimziTopicsFileTest {

  @Test
  void shouldMatchTheTopicRegistry() throws Exception {
    if (Boolean.getBoolean("meshlog.k8s.regenerate")) {
      StrimziTopicsFile.write();
    }
    assertEquals(StrimziTopicsFile.render(Topics.DEFAULT), Files.readString(StrimziTopicsFile.FILE),
        StrimziTopicsFile.FILE + " is out of date with Topics.DEFAULT: regenerate it with "
            + "mvn -pl ops/cli verify -Dtest=StrimziTopicsFileTest -Dmeshlog.k8s.regenerate=true");
  }
}
