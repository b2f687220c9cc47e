package dev.meshlog.engine.ca;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes CA files so that a crash never leaves a half-written key and no other user can read one.
 *
 * <p>The temp file is created with rw------- from the start (not chmod-ed after writing, which
 * would leave a window where the content is readable under a lax umask), fsynced, then renamed
 * over the target in the same directory, which POSIX makes atomic.
 */
final class SecureFiles {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecureFiles() {}

  static void writeOwnerOnly(Path target, String content) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      String prefix = "." + target.getFileName();
      temp = Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      move(temp, target);
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions (e.g. FAT, some Windows setups): refuse rather than write a readable key.
      throw new CaFileException(target, "file system has no POSIX permissions; cannot keep CA files private", e);
    } catch (IOException e) {
      CaFileException failure = new CaFileException(target, "cannot write: " + e, e);
      deleteQuietly(temp, failure);
      throw failure;
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp, Exception failure) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
