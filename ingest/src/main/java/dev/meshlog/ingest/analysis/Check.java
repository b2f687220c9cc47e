package dev.meshlog.ingest.analysis;

import java.util.List;

/** One analysis, in the spirit of an istioctl analyzer: reads the context, reports on candidates only. */
interface Check {

  List<Finding> run(AnalysisContext context);
}
