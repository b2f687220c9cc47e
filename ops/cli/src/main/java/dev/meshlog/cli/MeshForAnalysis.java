package dev.meshlog.cli;

import dev.meshlog.cli.read.MeshViews;
import dev.meshlog.ingest.analysis.MeshView;
import java.io.PrintWriter;

/**
 * Which mesh the analyzer compares files with: the running one when it can be reached (or must be,
 * with --use-mesh), otherwise none, so files can be checked offline.
 */
final class MeshForAnalysis {

  enum Mode { IF_REACHABLE, REQUIRED, NONE }

  private MeshForAnalysis() {}

  static MeshView view(MeshConnection mesh, Mode mode, PrintWriter err) {
    if (mode == Mode.NONE) {
      return MeshView.empty();
    }
    String bootstrap;
    try {
      bootstrap = mesh.reachableBootstrap();
    } catch (IllegalStateException e) {
      if (mode == Mode.REQUIRED) {
        throw e;
      }
      err.println("note: no mesh reachable at " + mesh.bootstrap() + "; analyzing the files on their own");
      err.flush();
      return MeshView.empty();
    }
    return MeshViews.read(bootstrap, mesh.kafkaClient(), mesh.topics());
  }
}
