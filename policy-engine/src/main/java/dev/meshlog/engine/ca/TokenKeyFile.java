package dev.meshlog.engine.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;

/**
 * The HMAC key bootstrap tokens are issued and checked with: 32 random bytes, base64, in
 * {@value CaDirectory#TOKEN_KEY} next to the CA files, created rw------- on first use. The CLI
 * (issuing tokens offline) and the signer (redeeming them) read the same file.
 */
public final class TokenKeyFile {

  private TokenKeyFile() {}

  /** The key in the CA directory, created (and the directory with it, rwx------) if missing. */
  public static byte[] loadOrCreate(CaDirectory files) {
    if (!Files.exists(files.tokenKey())) {
      MeshCa.createOwnerOnlyDirectory(files.path());
      SecureFiles.writeOwnerOnly(files.tokenKey(), Base64.getEncoder().encodeToString(BootstrapTokens.newKey()) + "\n");
    }
    return load(files);
  }

  static byte[] load(CaDirectory files) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(files.tokenKey());
      if (!SecureFiles.OWNER_ONLY.containsAll(permissions)) {
        // Whoever reads this key can mint a token for any identity: refuse like ssh refuses a readable key.
        throw new CaFileException(files.tokenKey(), "readable by others than its owner; chmod 600 it");
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(files.tokenKey(), StandardCharsets.US_ASCII).strip());
      if (key.length < 32) {
        throw new CaFileException(files.tokenKey(), "holds " + key.length + " bytes; a token key needs at least 32");
      }
      return key;
    } catch (IllegalArgumentException e) {
      if (e instanceof CaFileException cfe) {
        throw cfe;
      }
      throw new CaFileException(files.tokenKey(), "not base64", e);
    } catch (UnsupportedOperationException e) {
      throw new CaFileException(files.tokenKey(), "file system has no POSIX permissions; cannot keep the key private", e);
    } catch (IOException e) {
      throw new CaFileException(files.tokenKey(), "cannot read: " + e, e);
    }
  }
}
