package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench fanout} and {@code bench takeover} size their mesh with the same options and defaults. */
class MeshSizeTest {

  @Test
  void shouldSizeFanoutAndTakeoverAlikeByDefault() {
    for (String benchmark : List.of("fanout", "takeover")) {
      MeshSize size = parse(benchmark).size;
      assertEquals(List.of(100, 1000, 10), List.of(size.proxies, size.services, size.namespaces), benchmark);
    }
  }

  @Test
  void shouldTakeTheSizeOptionsOnBothAndCheckThemInTheLayout() {
    MeshSize takeover = parse("takeover", "--proxies", "12", "--services", "30", "--namespaces", "3").size;
    assertEquals(12, takeover.layout(3, MeshLayout.Scope.NAMESPACE).allProxies().size());

    MeshSize fanout = parse("fanout", "--proxies", "2", "--namespaces", "3").size;
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> fanout.layout(1, MeshLayout.Scope.ALL));
    assertTrue(error.getMessage().startsWith("--proxies (2) must be at least --namespaces (3)"), error.getMessage());
  }

  private static Sized parse(String benchmark, String... args) { // the two commands share only the mixin
    CommandLine meshlog = Meshlog.commandLine();
    String[] all = new String[args.length + 2];
    all[0] = "bench";
    all[1] = benchmark;
    System.arraycopy(args, 0, all, 2, args.length);
    meshlog.parseArgs(all);
    Object command = meshlog.getSubcommands().get("bench").getSubcommands().get(benchmark).getCommand();
    return new Sized(command instanceof FanoutBenchmark f ? f.size : ((TakeoverBenchmark) command).size);
  }

  private record Sized(MeshSize size) {}
}
