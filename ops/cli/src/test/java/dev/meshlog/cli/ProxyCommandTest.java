package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProxyCommandTest {

  @Test
  void shouldWriteNoAccessLogUnlessAsked() {
    ProxyCommand proxy = new ProxyCommand();
    new CommandLine(proxy).parseArgs("--id", "p1", "--service", "reviews");
    assertEquals(Optional.empty(), ProxyCommand.tuning(proxy.accessLog).accessLog());
  }

  @Test
  void shouldWriteTheAccessLogWhereTheOptionSays() {
    ProxyCommand proxy = new ProxyCommand();
    new CommandLine(proxy).parseArgs("--id", "p1", "--service", "reviews", "--access-log", "-");
    assertEquals(Optional.of("-"), ProxyCommand.tuning(proxy.accessLog).accessLog());
  }
}
