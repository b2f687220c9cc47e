package dev.meshlog.cli.audit;

import picocli.CommandLine.Command;

/** {@code meshlog audit}: checks on the mesh's own history. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the mesh's history for tampering.",
    subcommands = {VerifyCommand.class})
public final class AuditCommand {}
